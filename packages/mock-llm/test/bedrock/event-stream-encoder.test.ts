import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { crc32, crc32Table } from '../../src/providers/bedrock/crc32.js';
import {
  encodeEventMessage,
  eventFrame,
} from '../../src/providers/bedrock/event-stream-encoder.js';

void describe('Bedrock event-stream encoder', () => {
  void it('computes CRC-32 (IEEE) natively or by table alike', () => {
    assert.equal(crc32(Buffer.from('123456789')), 0xcbf43926);
    assert.equal(crc32Table(Buffer.from('123456789')), 0xcbf43926);
  });

  void it('writes prelude, headers, payload and both CRCs byte for byte', () => {
    const frame = encodeEventMessage(
      { ':message-type': 'event' },
      Buffer.from('{}'),
    );
    const header = Buffer.concat([
      Buffer.from([13]),
      Buffer.from(':message-type'),
      Buffer.from([7, 0, 5]),
      Buffer.from('event'),
    ]);
    const total = 12 + header.length + 2 + 4;
    const prelude = Buffer.alloc(8);
    prelude.writeUInt32BE(total, 0);
    prelude.writeUInt32BE(header.length, 4);
    const preludeCrc = Buffer.alloc(4);
    preludeCrc.writeUInt32BE(crc32Table(prelude));
    const body = Buffer.concat([
      prelude,
      preludeCrc,
      header,
      Buffer.from('{}'),
    ]);
    const messageCrc = Buffer.alloc(4);
    messageCrc.writeUInt32BE(crc32Table(body));
    assert.deepStrictEqual(frame, Buffer.concat([body, messageCrc]));
  });

  void it('encodes every header value type', () => {
    const frame = encodeEventMessage(
      {
        t: { type: 'boolean', value: true },
        f: { type: 'boolean', value: false },
        b: { type: 'byte', value: -1 },
        s: { type: 'short', value: -300 },
        i: { type: 'integer', value: 70000 },
        l: { type: 'long', value: -5n },
        y: { type: 'binary', value: new Uint8Array([1, 2]) },
        ts: { type: 'timestamp', value: new Date(1767225600000) },
        u: { type: 'uuid', value: '00112233-4455-6677-8899-aabbccddeeff' },
      },
      new Uint8Array(0),
    );
    const headersLength = frame.readUInt32BE(4);
    assert.equal(
      frame.subarray(12, 12 + headersLength).toString('hex'),
      [
        '0174' + '00',
        '0166' + '01',
        '0162' + '02ff',
        '0173' + '03fed4',
        '0169' + '0400011170',
        '016c' + '05fffffffffffffffb',
        '0179' + '06000201' + '02',
        '027473' + '080000019b76daa800',
        '0175' + '0900112233445566778899aabbccddeeff',
      ].join(''),
    );
  });

  void it('frames a JSON event with the three headers Bedrock sends', () => {
    const frame = eventFrame('messageStop', { stopReason: 'end_turn' });
    const headersLength = frame.readUInt32BE(4);
    const payload = frame.subarray(12 + headersLength, frame.length - 4);
    assert.equal(payload.toString(), '{"stopReason":"end_turn"}');
    assert.equal(frame.readUInt32BE(0), frame.length);
    assert.match(
      frame.subarray(12, 12 + headersLength).toString('latin1'),
      /:event-type\x07\x00\x0bmessageStop.*:content-type\x07\x00\x10application\/json.*:message-type\x07\x00\x05event/s,
    );
  });
});
