import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  createSniffedParser,
  framedParser,
} from '../../../src/providers/common/response-parsers.js';
import type { ResponseParser } from '../../../src/providers/types.js';

/** Parsers that say which one was made and what reached it. */
function recording() {
  const made: string[] = [];
  const pushed: string[] = [];
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  const parser = (name: string) => (): ResponseParser => {
    made.push(name);
    return {
      push(chunk) {
        pushed.push(decoder.decode(chunk));
        return name === 'stream' ? 1 : 0;
      },
      finish: () => ({ complete: true, responseModel: name }),
    };
  };
  return { made, pushed, stream: parser('stream'), body: parser('body') };
}

const bytes = (text: string) => new TextEncoder().encode(text);

void describe('createSniffedParser', () => {
  void it('reads an event stream labelled JSON as a stream, from the first byte that is not whitespace', () => {
    const r = recording();
    const parser = createSniffedParser(r.stream, r.body);
    const counts = [
      parser.push(bytes('\r\n')),
      parser.push(bytes('\ufeff data: {}\n\n')),
      parser.push(bytes('data: [DONE]\n\n')),
    ];
    assert.deepEqual(
      { counts, made: r.made, pushed: r.pushed, facts: parser.finish(false) },
      {
        counts: [0, 2, 1],
        made: ['stream'],
        pushed: ['\r\n', '\ufeff data: {}\n\n', 'data: [DONE]\n\n'],
        facts: { complete: true, responseModel: 'stream' },
      },
    );
  });

  void it('reads a JSON object or array as a body', () => {
    for (const opening of ['  {"error":{}}', '[{"a":1}]']) {
      const r = recording();
      const parser = createSniffedParser(r.stream, r.body);
      parser.push(bytes(opening));
      assert.deepEqual(
        { made: r.made, facts: parser.finish(false) },
        { made: ['body'], facts: { complete: true, responseModel: 'body' } },
      );
    }
  });

  void it('takes an empty or all-blank answer as a body, and stops waiting after 64 KiB of blanks', () => {
    const empty = recording();
    assert.deepEqual(
      createSniffedParser(empty.stream, empty.body).finish(true),
      {
        complete: true,
        responseModel: 'body',
      },
    );
    assert.deepEqual(empty.made, ['body']);
    const blank = recording();
    const parser = createSniffedParser(blank.stream, blank.body);
    parser.push(new Uint8Array(64 * 1024).fill(0x20));
    assert.deepEqual(blank.made, []);
    parser.push(bytes(' '));
    assert.deepEqual(blank.made, ['body']);
    assert.equal(blank.pushed.length, 2);
  });
});

void describe('framedParser', () => {
  void it('chooses by the label and the request stream flag', () => {
    const cases = [
      ['sse', false],
      ['sse', true],
      [undefined, true],
      [undefined, false],
      ['json', false],
      ['ndjson', true],
    ] as const;
    assert.deepEqual(
      cases.map(([framing, stream]) => {
        const r = recording();
        framedParser(framing, { stream }, r.stream, r.body);
        return r.made[0];
      }),
      ['stream', 'stream', 'stream', 'body', 'body', 'body'],
    );
    const r = recording();
    framedParser('json', { stream: true }, r.stream, r.body);
    assert.deepEqual(r.made, []);
  });
});
