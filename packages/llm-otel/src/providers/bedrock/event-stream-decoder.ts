// Incremental decoder for `application/vnd.amazon.eventstream` (Bedrock
// ConverseStream and InvokeModelWithResponseStream). Each message:
//   total length (u32 BE) | headers length (u32 BE) | prelude CRC32 |
//   headers | payload | message CRC32 (over everything before it).
// Bytes may arrive split anywhere. Only the bytes of the message in progress
// are held; a bad length or CRC stops decoding (the app's SDK will fail the
// same stream), so a corrupt stream never grows memory.

import { crc32 } from './crc32.js';

export type EventHeaderValue =
  string | number | boolean | bigint | Uint8Array | Date;

export interface EventMessage {
  readonly headers: Readonly<Record<string, EventHeaderValue>>;
  readonly payload: Uint8Array;
}

/** Larger messages are refused: Bedrock events are far smaller (AWS caps them at 16 MiB). */
export const MAX_MESSAGE_SIZE = 16 * 1024 * 1024;
const PRELUDE = 12;
const MIN_MESSAGE = PRELUDE + 4;

const utf8 = new TextDecoder('utf-8');

/** Header names and values are short ASCII: skip TextDecoder for those. */
function text(b: Uint8Array): string {
  if (b.length > 64) return utf8.decode(b);
  let s = '';
  for (let i = 0; i < b.length; i++) {
    const c = b[i] as number;
    if (c > 0x7f) return utf8.decode(b);
    s += String.fromCharCode(c);
  }
  return s;
}

/** Big-endian u32 at `at`, without allocating a DataView. */
function u32(b: Uint8Array, at: number): number {
  return (
    (((b[at] as number) << 24) |
      ((b[at + 1] as number) << 16) |
      ((b[at + 2] as number) << 8) |
      (b[at + 3] as number)) >>>
    0
  );
}

function view(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

function hex(b: Uint8Array): string {
  let s = '';
  for (const x of b) s += x.toString(16).padStart(2, '0');
  return s;
}

function overrun(): Error {
  return new Error('event header overrun');
}

/** Decodes the header block; throws on a malformed one. */
export function decodeHeaders(
  bytes: Uint8Array,
): Record<string, EventHeaderValue> {
  const out: Record<string, EventHeaderValue> = {};
  let dv: DataView | undefined;
  let at = 0;
  while (at < bytes.length) {
    if (at + 1 > bytes.length) throw overrun();
    const nameLength = bytes[at] as number;
    at += 1;
    if (at + (nameLength + 1) > bytes.length) throw overrun();
    const name = text(bytes.subarray(at, at + nameLength));
    at += nameLength;
    const type = bytes[at] as number;
    at += 1;
    switch (type) {
      case 0:
      case 1:
        out[name] = type === 0;
        break;
      case 2:
        if (at + 1 > bytes.length) throw overrun();
        out[name] = (dv ??= view(bytes)).getInt8(at);
        at += 1;
        break;
      case 3:
        if (at + 2 > bytes.length) throw overrun();
        out[name] = (dv ??= view(bytes)).getInt16(at);
        at += 2;
        break;
      case 4:
        if (at + 4 > bytes.length) throw overrun();
        out[name] = (dv ??= view(bytes)).getInt32(at);
        at += 4;
        break;
      case 5:
        if (at + 8 > bytes.length) throw overrun();
        out[name] = (dv ??= view(bytes)).getBigInt64(at);
        at += 8;
        break;
      case 6:
      case 7: {
        if (at + 2 > bytes.length) throw overrun();
        const length = ((bytes[at] as number) << 8) | (bytes[at + 1] as number);
        at += 2;
        if (at + length > bytes.length) throw overrun();
        const value = bytes.subarray(at, at + length);
        out[name] = type === 7 ? text(value) : new Uint8Array(value);
        at += length;
        break;
      }
      case 8:
        if (at + 8 > bytes.length) throw overrun();
        out[name] = new Date(Number((dv ??= view(bytes)).getBigInt64(at)));
        at += 8;
        break;
      case 9: {
        if (at + 16 > bytes.length) throw overrun();
        const h = hex(bytes.subarray(at, at + 16));
        out[name] =
          `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
        at += 16;
        break;
      }
      default:
        throw new Error(`unknown event header type ${type}`);
    }
  }
  return out;
}

export class EventStreamDecoder {
  private pending: Uint8Array[] = [];
  private pendingLength = 0;
  /** Set when the bytes are not an event stream: decoding stopped. */
  broken = false;

  constructor(private readonly onMessage: (message: EventMessage) => void) {}

  /** True when no partial message is held. */
  get idle(): boolean {
    return this.pendingLength === 0;
  }

  push(bytes: Uint8Array): void {
    if (this.broken || bytes.length === 0) return;
    // A plain view: Buffer#subarray costs more than Uint8Array#subarray.
    this.pending.push(
      new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    );
    this.pendingLength += bytes.length;
    while (!this.broken && this.pendingLength >= 4) {
      const total = this.peekLength();
      if (total < MIN_MESSAGE || total > MAX_MESSAGE_SIZE) {
        this.stop();
        return;
      }
      if (this.pendingLength < total) return;
      this.decode(this.take(total));
    }
  }

  private peekLength(): number {
    const first = this.pending[0] as Uint8Array;
    return u32(first.length >= 4 ? first : this.copy(4), 0);
  }

  /** Copies the first n pending bytes without consuming them. */
  private copy(n: number): Uint8Array {
    const out = new Uint8Array(n);
    let at = 0;
    for (const chunk of this.pending) {
      const part = chunk.subarray(0, n - at);
      out.set(part, at);
      at += part.length;
      if (at === n) break;
    }
    return out;
  }

  /** Removes and returns the first n pending bytes (no copy when one chunk holds them). */
  private take(n: number): Uint8Array {
    const first = this.pending[0] as Uint8Array;
    let out: Uint8Array;
    if (first.length >= n) {
      out = first.subarray(0, n);
      if (first.length === n) this.pending.shift();
      else this.pending[0] = first.subarray(n);
    } else {
      out = this.copy(n);
      let left = n;
      while (left > 0) {
        const chunk = this.pending[0] as Uint8Array;
        if (chunk.length <= left) {
          this.pending.shift();
          left -= chunk.length;
        } else {
          this.pending[0] = chunk.subarray(left);
          left = 0;
        }
      }
    }
    this.pendingLength -= n;
    return out;
  }

  private decode(message: Uint8Array): void {
    const total = message.length;
    const headersLength = u32(message, 4);
    if (
      crc32(message.subarray(0, 8)) !== u32(message, 8) ||
      PRELUDE + headersLength + 4 > total ||
      crc32(message.subarray(0, total - 4)) !== u32(message, total - 4)
    ) {
      this.stop();
      return;
    }
    let headers: Record<string, EventHeaderValue>;
    try {
      headers = decodeHeaders(
        message.subarray(PRELUDE, PRELUDE + headersLength),
      );
    } catch {
      this.stop();
      return;
    }
    this.onMessage({
      headers,
      payload: message.subarray(PRELUDE + headersLength, total - 4),
    });
  }

  private stop(): void {
    this.broken = true;
    this.pending = [];
    this.pendingLength = 0;
  }
}
