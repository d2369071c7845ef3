import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  MAX_MEMO_KEYS_PER_SET,
  MAX_MEMO_SETS,
  SeriesKeyMemo,
  SeriesKeys,
} from '../../src/telemetry/series-keys.js';

const BASE = {
  'gen_ai.operation.name': 'chat',
  'gen_ai.request.model': 'gpt-4o',
  'server.port': 443,
};

void describe('SeriesKeys', () => {
  void it('gives one attribute set one key, however it was put together', () => {
    const fromBase = new SeriesKeys(BASE).key('rate_limit_exceeded', 'input');
    const reordered = new SeriesKeys({
      'server.port': 443,
      'gen_ai.token.type': 'input',
      'gen_ai.request.model': 'gpt-4o',
      'error.type': 'rate_limit_exceeded',
      'gen_ai.operation.name': 'chat',
    });
    assert.equal(reordered.key(), fromBase);
    // A value given overrides the set's own, as in attributesWith().
    const overridden = new SeriesKeys({ ...BASE, 'error.type': '500' });
    assert.equal(overridden.key('rate_limit_exceeded', 'input'), fromBase);
  });

  void it('gives different attribute sets different keys', () => {
    const keys = new SeriesKeys(BASE);
    const all = [
      keys.key(),
      keys.key('500'),
      keys.key(undefined, 'input'),
      keys.key(undefined, 'output'),
      keys.key('500', 'input'),
      keys.key('null'),
      new SeriesKeys({ ...BASE, 'server.port': '443' }).key(),
      new SeriesKeys({ ...BASE, 'gen_ai.request.model': 'gpt-4o\u0000' }).key(),
    ];
    assert.equal(new Set(all).size, all.length);
  });

  void it('names the attribute set a key stands for', () => {
    const keys = new SeriesKeys(BASE);
    assert.equal(keys.attributesWith(), BASE);
    assert.deepEqual(keys.attributesWith('500', 'output'), {
      ...BASE,
      'error.type': '500',
      'gen_ai.token.type': 'output',
    });
    assert.deepEqual(BASE, {
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': 'gpt-4o',
      'server.port': 443,
    });
  });

  void it('gives the same keys through a memo, across attempts and past its bounds', () => {
    const memo = new SeriesKeyMemo();
    const plain = new SeriesKeys(BASE);
    const pairs = [
      [undefined, undefined],
      ['500', undefined],
      [undefined, 'input'],
      [undefined, 'output'],
      ['500', 'input'],
    ] as const;
    const expected = pairs.map(([e, t]) => plain.key(e, t));
    // Two attempts on the same set: the second gets what the first made.
    for (const attempt of [BASE, { ...BASE }])
      assert.deepEqual(
        pairs.map(([e, t]) => new SeriesKeys(attempt, memo).key(e, t)),
        expected,
      );
    // Another set right after is not handed the first set's keys.
    const other = { ...BASE, 'server.port': 80 };
    assert.equal(
      new SeriesKeys(other, memo).key('500'),
      new SeriesKeys(other).key('500'),
    );
    // Past MAX_MEMO_SETS sets the memo starts over.
    for (let port = 0; port <= MAX_MEMO_SETS; port++)
      new SeriesKeys({ ...BASE, 'server.port': port }, memo).key();
    assert.deepEqual(
      pairs.map(([e, t]) => new SeriesKeys(BASE, memo).key(e, t)),
      expected,
    );
    // More error types on one set than it keeps keys for.
    const types = Array.from(
      { length: MAX_MEMO_KEYS_PER_SET + 8 },
      (_, i) => `e${i}`,
    );
    for (let round = 0; round < 2; round++) {
      const keys = new SeriesKeys(BASE, memo);
      assert.deepEqual(
        types.map(e => keys.key(e, 'input')),
        types.map(e => plain.key(e, 'input')),
      );
    }
  });
});
