// Encodes one `application/vnd.amazon.eventstream` message:
//   total length (u32 BE) | headers length (u32 BE) | prelude CRC32 |
//   headers | payload | message CRC32 (over everything before it).
// Each header: name length (u8), name, value type (u8), value.
import { crc32 } from './crc32.js';

export type EventHeaderValue =
  | { readonly type: 'boolean'; readonly value: boolean }
  | { readonly type: 'byte'; readonly value: number }
  | { readonly type: 'short'; readonly value: number }
  | { readonly type: 'integer'; readonly value: number }
  | { readonly type: 'long'; readonly value: bigint }
  | { readonly type: 'binary'; readonly value: Uint8Array }
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'timestamp'; readonly value: Date }
  | { readonly type: 'uuid'; readonly value: string };

/** A plain string is a type-7 string header. */
export type EventHeaders = Readonly<Record<string, string | EventHeaderValue>>;

function headerBytes(name: string, raw: string | EventHeaderValue): Buffer {
  const h: EventHeaderValue =
    typeof raw === 'string' ? { type: 'string', value: raw } : raw;
  const key = Buffer.from(name, 'utf8');
  const head = Buffer.concat([Buffer.from([key.length]), key]);
  switch (h.type) {
    case 'boolean':
      return Buffer.concat([head, Buffer.from([h.value ? 0 : 1])]);
    case 'byte': {
      const b = Buffer.alloc(2);
      b[0] = 2;
      b.writeInt8(h.value, 1);
      return Buffer.concat([head, b]);
    }
    case 'short': {
      const b = Buffer.alloc(3);
      b[0] = 3;
      b.writeInt16BE(h.value, 1);
      return Buffer.concat([head, b]);
    }
    case 'integer': {
      const b = Buffer.alloc(5);
      b[0] = 4;
      b.writeInt32BE(h.value, 1);
      return Buffer.concat([head, b]);
    }
    case 'long': {
      const b = Buffer.alloc(9);
      b[0] = 5;
      b.writeBigInt64BE(h.value, 1);
      return Buffer.concat([head, b]);
    }
    case 'binary':
    case 'string': {
      const value =
        h.type === 'string'
          ? Buffer.from(h.value, 'utf8')
          : Buffer.from(h.value);
      const b = Buffer.alloc(3);
      b[0] = h.type === 'string' ? 7 : 6;
      b.writeUInt16BE(value.length, 1);
      return Buffer.concat([head, b, value]);
    }
    case 'timestamp': {
      const b = Buffer.alloc(9);
      b[0] = 8;
      b.writeBigInt64BE(BigInt(h.value.getTime()), 1);
      return Buffer.concat([head, b]);
    }
    case 'uuid': {
      const hex = h.value.replace(/-/g, '');
      return Buffer.concat([head, Buffer.from([9]), Buffer.from(hex, 'hex')]);
    }
  }
}

export function encodeEventMessage(
  headers: EventHeaders,
  payload: Uint8Array,
): Buffer {
  const headerBuf = Buffer.concat(
    Object.entries(headers).map(([k, v]) => headerBytes(k, v)),
  );
  const total = 12 + headerBuf.length + payload.length + 4;
  const out = Buffer.alloc(total);
  out.writeUInt32BE(total, 0);
  out.writeUInt32BE(headerBuf.length, 4);
  out.writeUInt32BE(crc32(out.subarray(0, 8)), 8);
  headerBuf.copy(out, 12);
  out.set(payload, 12 + headerBuf.length);
  out.writeUInt32BE(crc32(out.subarray(0, total - 4)), total - 4);
  return out;
}

/** An `event` message with a JSON payload, as Bedrock sends them. */
export function eventFrame(eventType: string, payload: unknown): Buffer {
  return encodeEventMessage(
    {
      ':event-type': eventType,
      ':content-type': 'application/json',
      ':message-type': 'event',
    },
    Buffer.from(JSON.stringify(payload)),
  );
}

/** An `exception` message (a modeled error inside the stream). */
export function exceptionFrame(exceptionType: string, message: string): Buffer {
  return encodeEventMessage(
    {
      ':exception-type': exceptionType,
      ':content-type': 'application/json',
      ':message-type': 'exception',
    },
    Buffer.from(JSON.stringify({ message })),
  );
}
