import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { SseDecoder } from '../../../src/providers/framing/sse-decoder.js';
import type { SseEvent } from '../../../src/providers/framing/sse-decoder.js';

const encoder = new TextEncoder();

/** Decodes `text` fed in every two-piece split; all splits must agree. */
function decodeAllSplits(text: string, cap?: number): SseEvent[] {
  const bytes = encoder.encode(text);
  const run = (pieces: Uint8Array[]): SseEvent[] => {
    const events: SseEvent[] = [];
    const decoder = new SseDecoder(e => events.push(e), cap);
    for (const p of pieces) decoder.push(p);
    decoder.end();
    return events;
  };
  const whole = run([bytes]);
  for (let i = 1; i < bytes.length; i++) {
    assert.deepStrictEqual(
      run([bytes.subarray(0, i), bytes.subarray(i)]),
      whole,
      `split at ${i}`,
    );
  }
  return whole;
}

void describe('SseDecoder', () => {
  void it('reads event names, multi-line data, comments and [DONE]', () => {
    const events = decodeAllSplits(
      [
        ': OPENROUTER PROCESSING',
        '',
        'event: message_start',
        'data: {"a":1}',
        '',
        'data: line one',
        'data:line two',
        'id: 7',
        'retry: 1000',
        '',
        ':comment between',
        'data',
        '',
        'data: [DONE]',
        '',
        '',
      ].join('\n'),
    );
    assert.deepStrictEqual(events, [
      { event: 'message_start', data: '{"a":1}', done: false },
      { event: 'message', data: 'line one\nline two', done: false },
      { event: 'message', data: '', done: false },
      { event: 'message', data: '[DONE]', done: true },
    ]);
  });

  void it('reads CRLF line endings, split between CR and LF', () => {
    const events = decodeAllSplits(
      'event: ping\r\ndata: {}\r\n\r\ndata: é😀\r\n\r\n',
    );
    assert.deepStrictEqual(events, [
      { event: 'ping', data: '{}', done: false },
      { event: 'message', data: 'é😀', done: false },
    ]);
  });

  void it('reads lines that end in a CR alone, as the SSE spec allows, beside LF and CRLF', () => {
    const events = decodeAllSplits(
      'event: ping\rdata: {}\r\rdata: a\rdata: b\r\ndata: c\n\r\n\rdata: [DONE]\r\r',
    );
    assert.deepStrictEqual(events, [
      { event: 'ping', data: '{}', done: false },
      { event: 'message', data: 'a\nb\nc', done: false },
      { event: 'message', data: '[DONE]', done: true },
    ]);
  });

  void it('drops a byte order mark opening the stream, and only there', () => {
    assert.deepStrictEqual(
      decodeAllSplits('\uFEFFdata: a\n\ndata: \uFEFFb\n\n'),
      [
        { event: 'message', data: 'a', done: false },
        { event: 'message', data: '\uFEFFb', done: false },
      ],
    );
  });

  void it('reads bytes that are not UTF-8 as U+FFFD, as a TextDecoder does', () => {
    const bytes = Uint8Array.from([
      ...encoder.encode('data: a'),
      0xff,
      ...encoder.encode('b\n\n'),
    ]);
    const events: SseEvent[] = [];
    const decoder = new SseDecoder(e => events.push(e));
    decoder.push(bytes);
    decoder.end();
    assert.deepStrictEqual(events, [
      {
        event: 'message',
        data: new TextDecoder().decode(bytes).slice(6, -2),
        done: false,
      },
    ]);
    assert.equal(events[0]?.data, 'a\uFFFDb');
  });

  void it('drops an event whose closing blank line never came (cut stream)', () => {
    assert.deepStrictEqual(decodeAllSplits('data: {"a":1}\n\ndata: {"b":'), [
      { event: 'message', data: '{"a":1}', done: false },
    ]);
  });

  void it('ignores blank lines without data and an event: field alone', () => {
    assert.deepStrictEqual(decodeAllSplits('\n\nevent: x\n\ndata: 1\n\n'), [
      { event: 'message', data: '1', done: false },
    ]);
  });

  void it('keeps only head and tail windows of an event over the cap', () => {
    const big = `{"type":"response.completed","pad":"${'x'.repeat(300_000)}","usage":{"input_tokens":3}}`;
    const events: SseEvent[] = [];
    const decoder = new SseDecoder(e => events.push(e), 100_000);
    const bytes = encoder.encode(`data: ${big}\n\ndata: {"after":true}\n\n`);
    for (let at = 0; at < bytes.length; at += 4096)
      decoder.push(bytes.subarray(at, at + 4096));
    decoder.end();
    assert.equal(events.length, 2);
    const first = events[0];
    assert.ok(first !== undefined && typeof first.data !== 'string');
    // The line's first 64 KiB, less the "data: " prefix; its last 64 KiB.
    assert.equal(first.data.head === big.slice(0, 65536 - 6), true);
    assert.equal(first.data.tail === big.slice(-65536), true);
    assert.equal(first.data.length, big.length + 6);
    assert.equal(decoder.overflowCount, 1);
    assert.deepStrictEqual(events[1], {
      event: 'message',
      data: '{"after":true}',
      done: false,
    });
  });
});
