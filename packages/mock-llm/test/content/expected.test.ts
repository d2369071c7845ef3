import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  defaultOutputTokens,
  expectedPieces,
  expectedText,
  expectedUsage,
} from '../../src/index.js';

void describe('expected helpers', () => {
  void it('default output length is 8 + seed mod 8', () => {
    assert.deepEqual(
      [0, 1, 7, 8, 13].map(defaultOutputTokens),
      [8, 9, 15, 8, 13],
    );
    assert.equal(expectedText({ seed: 3 }).split(' ').length, 11);
  });

  void it('usage follows the body and the scenario', () => {
    assert.deepEqual(
      expectedUsage({
        body: { messages: [{ role: 'user', content: 'a b c' }] },
        scenario: 'tokens=4,cache_read=2,cache_write=1,reasoning=3',
      }),
      {
        inputTokens: 3,
        cacheReadTokens: 2,
        cacheWriteTokens: 1,
        outputTokens: 4,
        reasoningTokens: 3,
      },
    );
    assert.equal(expectedUsage({ scenario: 'size=12' }).outputTokens, 3);
    assert.equal(expectedUsage({ scenario: { tokens: 2 } }).outputTokens, 2);
  });

  void it('pieces follow chunks', () => {
    assert.deepEqual(expectedPieces({ scenario: 'tokens=4,chunks=2' }), [
      'time call',
      ' test from',
    ]);
  });
});
