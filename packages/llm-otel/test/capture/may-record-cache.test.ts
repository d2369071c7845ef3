import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ExchangeRecorder } from '../../src/capture/exchange.js';
import { MayRecordCache } from '../../src/capture/may-record-cache.js';

/** A recorder that records only POSTs to /llm, and counts what it was asked. */
function countingRecorder(): ExchangeRecorder & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    begin: () => undefined,
    mayRecord(method, url) {
      asked.push(`${method} ${url.href}`);
      return method === 'POST' && url.pathname === '/llm';
    },
  };
}

void describe('MayRecordCache', () => {
  void it('asks the recorder once per method and URL string, then answers from the cache', () => {
    const recorder = countingRecorder();
    const cache = new MayRecordCache(recorder);
    const answers = [
      cache.mayRecord('POST', 'http://h/llm'),
      cache.mayRecord('POST', 'http://h/llm'),
      cache.mayRecord('GET', 'http://h/llm'),
      cache.mayRecordAt('POST', 'http://h', '/llm'),
      cache.mayRecordAt('POST', 'http://h', '/llm'),
      cache.mayRecordAt('POST', 'http://h', '/other'),
    ];
    assert.deepEqual(
      { answers, asked: recorder.asked },
      {
        answers: [true, true, false, true, true, false],
        asked: [
          'POST http://h/llm',
          'GET http://h/llm',
          'POST http://h/llm',
          'POST http://h/other',
        ],
      },
    );
  });

  void it('declines what is not a URL, and what a throwing recorder was asked', () => {
    const cache = new MayRecordCache({
      begin: () => undefined,
      mayRecord: () => {
        throw new Error('bug');
      },
    });
    assert.deepEqual(
      [
        cache.mayRecord('POST', 'not a url'),
        cache.mayRecord('POST', 'http://h/'),
      ],
      [false, false],
    );
  });

  void it('may record everything a recorder without mayRecord() is given', () => {
    const cache = new MayRecordCache({ begin: () => undefined });
    assert.equal(cache.mayRecord('GET', 'http://h/x'), true);
  });

  void it('stays bounded: at 512 entries it starts afresh, and very long URLs are not kept', () => {
    const recorder = countingRecorder();
    const cache = new MayRecordCache(recorder);
    for (let i = 0; i < 513; i++) cache.mayRecord('POST', `http://h/${i}`);
    // Entry 0 went with the reset at the 513th: asked again. 512 is kept.
    cache.mayRecord('POST', 'http://h/0');
    cache.mayRecord('POST', 'http://h/512');
    const long = `http://h/${'a'.repeat(3000)}`;
    cache.mayRecord('POST', long);
    cache.mayRecord('POST', long);
    assert.deepEqual(
      {
        asked: recorder.asked.length,
        last: recorder.asked.slice(-3).map(a => a.length),
      },
      { asked: 516, last: [`POST http://h/0`.length, 3014, 3014] },
    );
  });
});
