import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { crc32, crc32Table } from '../../../src/providers/bedrock/crc32.js';
import {
  EventStreamDecoder,
  decodeHeaders,
} from '../../../src/providers/bedrock/event-stream-decoder.js';
import type { EventMessage } from '../../../src/providers/bedrock/event-stream-decoder.js';
import { fixture } from '../parse-helpers.js';

/** Builds one message by hand (independent of the mock's encoder). */
function message(headers: Uint8Array, payload: Uint8Array): Uint8Array {
  const total = 12 + headers.length + payload.length + 4;
  const out = Buffer.alloc(total);
  out.writeUInt32BE(total, 0);
  out.writeUInt32BE(headers.length, 4);
  out.writeUInt32BE(crc32Table(out.subarray(0, 8)), 8);
  out.set(headers, 12);
  out.set(payload, 12 + headers.length);
  out.writeUInt32BE(crc32Table(out.subarray(0, total - 4)), total - 4);
  return out;
}

function stringHeader(name: string, value: string): Buffer {
  const v = Buffer.from(value);
  const len = Buffer.alloc(2);
  len.writeUInt16BE(v.length);
  return Buffer.concat([
    Buffer.from([name.length]),
    Buffer.from(name),
    Buffer.from([7]),
    len,
    v,
  ]);
}

function decodeAll(pieces: readonly Uint8Array[]): {
  messages: { headers: EventMessage['headers']; payload: string }[];
  broken: boolean;
  idle: boolean;
} {
  const messages: { headers: EventMessage['headers']; payload: string }[] = [];
  const d = new EventStreamDecoder(m =>
    messages.push({
      headers: m.headers,
      payload: Buffer.from(m.payload).toString(),
    }),
  );
  for (const p of pieces) d.push(p);
  return { messages, broken: d.broken, idle: d.idle };
}

/** mulberry32: deterministic "random" splits. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function splits(bytes: Uint8Array): Uint8Array[][] {
  const out: Uint8Array[][] = [[bytes]];
  for (let i = 1; i < bytes.length; i++)
    out.push([bytes.subarray(0, i), bytes.subarray(i)]);
  out.push(Array.from(bytes, (_, i) => bytes.subarray(i, i + 1)));
  for (let seed = 1; seed <= 30; seed++) {
    const next = random(seed);
    const pieces: Uint8Array[] = [];
    for (let at = 0; at < bytes.length;) {
      const size = 1 + Math.floor(next() * 40);
      pieces.push(bytes.subarray(at, at + size));
      at += size;
    }
    out.push(pieces);
  }
  return out;
}

void describe('CRC-32', () => {
  void it('gives the IEEE check value with both implementations', () => {
    const check = Buffer.from('123456789');
    assert.equal(crc32(check), 0xcbf43926);
    assert.equal(crc32Table(check), 0xcbf43926);
    assert.equal(crc32Table(new Uint8Array(0)), 0);
    const big = Buffer.alloc(3000, 0xa5);
    assert.equal(crc32(big), crc32Table(big));
  });
});

void describe('event stream decoder', () => {
  const one = message(
    Buffer.concat([
      stringHeader(':event-type', 'contentBlockDelta'),
      stringHeader(':message-type', 'event'),
    ]),
    Buffer.from('{"delta":{"text":"héllo"}}'),
  );
  const two = message(
    stringHeader(':message-type', 'event'),
    Buffer.from('{}'),
  );
  const both = Buffer.concat([one, two]);

  void it('decodes messages under every byte split identically', () => {
    const expected = {
      messages: [
        {
          headers: {
            ':event-type': 'contentBlockDelta',
            ':message-type': 'event',
          },
          payload: '{"delta":{"text":"héllo"}}',
        },
        { headers: { ':message-type': 'event' }, payload: '{}' },
      ],
      broken: false,
      idle: true,
    };
    for (const pieces of splits(both))
      assert.deepStrictEqual(decodeAll(pieces), expected);
  });

  void it('decodes a message with an empty payload and no headers', () => {
    const empty = message(new Uint8Array(0), new Uint8Array(0));
    assert.deepStrictEqual(decodeAll([empty]), {
      messages: [{ headers: {}, payload: '' }],
      broken: false,
      idle: true,
    });
  });

  void it('holds a partial message and says it is not idle', () => {
    assert.deepStrictEqual(decodeAll([both.subarray(0, one.length + 5)]), {
      messages: decodeAll([one]).messages,
      broken: false,
      idle: false,
    });
  });

  void it('stops at a bad prelude CRC, a bad message CRC or an absurd length', () => {
    const badPrelude = Buffer.from(one);
    badPrelude[9] = (badPrelude[9] as number) ^ 0xff;
    assert.deepStrictEqual(decodeAll([badPrelude, two]), {
      messages: [],
      broken: true,
      idle: true,
    });
    const badBody = Buffer.from(one);
    badBody[20] = (badBody[20] as number) ^ 0x01;
    assert.deepStrictEqual(decodeAll([two, badBody, two]).messages.length, 1);
    assert.equal(decodeAll([two, badBody]).broken, true);
    const huge = Buffer.alloc(8);
    huge.writeUInt32BE(0xffffff00, 0);
    assert.deepStrictEqual(decodeAll([huge]), {
      messages: [],
      broken: true,
      idle: true,
    });
    assert.equal(decodeAll([Buffer.from('data: {"a":1}\n\n')]).broken, true);
  });

  void it('decodes every header value type', () => {
    const parts: Buffer[] = [];
    const add = (name: string, type: number, value: Buffer): void => {
      parts.push(
        Buffer.concat([
          Buffer.from([name.length]),
          Buffer.from(name),
          Buffer.from([type]),
          value,
        ]),
      );
    };
    add('t', 0, Buffer.alloc(0));
    add('f', 1, Buffer.alloc(0));
    add('b', 2, Buffer.from([0xff]));
    const short = Buffer.alloc(2);
    short.writeInt16BE(-300);
    add('s', 3, short);
    const int = Buffer.alloc(4);
    int.writeInt32BE(70000);
    add('i', 4, int);
    const long = Buffer.alloc(8);
    long.writeBigInt64BE(-5n);
    add('l', 5, long);
    add('y', 6, Buffer.from([0, 2, 1, 2]));
    add('str', 7, Buffer.from([0, 2, 0x6f, 0x6b]));
    const ts = Buffer.alloc(8);
    ts.writeBigInt64BE(1767225600000n);
    add('ts', 8, ts);
    add('u', 9, Buffer.from('00112233445566778899aabbccddeeff', 'hex'));
    assert.deepStrictEqual(decodeHeaders(Buffer.concat(parts)), {
      t: true,
      f: false,
      b: -1,
      s: -300,
      i: 70000,
      l: -5n,
      y: new Uint8Array([1, 2]),
      str: 'ok',
      ts: new Date('2026-01-01T00:00:00Z'),
      u: '00112233-4455-6677-8899-aabbccddeeff',
    });
    assert.throws(() => decodeHeaders(Buffer.from([1, 0x61, 42])));
    assert.throws(() => decodeHeaders(Buffer.from([1, 0x61, 7, 0, 9])));
  });

  void it('decodes a recorded ConverseStream into its event types', () => {
    const bytes = fixture(
      'bedrock',
      'converse-stream-text-then-tool-use.eventstream',
    );
    const { messages, broken } = decodeAll([bytes]);
    assert.equal(broken, false);
    assert.deepStrictEqual(
      messages.map(m => m.headers[':event-type']),
      [
        'messageStart',
        'contentBlockDelta',
        'contentBlockDelta',
        'contentBlockStop',
        'contentBlockStart',
        'contentBlockDelta',
        'contentBlockDelta',
        'contentBlockDelta',
        'contentBlockStop',
        'messageStop',
        'metadata',
      ],
    );
  });
});
