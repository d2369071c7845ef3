import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SeriesKeys } from '../../src/telemetry/series-keys.js';

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
});
