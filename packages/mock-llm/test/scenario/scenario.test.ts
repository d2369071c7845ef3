import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  mergeScenarios,
  parseScenario,
  ScenarioError,
  scenarioFromModel,
} from '../../src/scenario/scenario.js';

void describe('scenarios', () => {
  void it('parses every key, aliases and fault shorthands', () => {
    assert.deepEqual(
      parseScenario(
        'latency=5, ttft=6;delay=7&chunks=2,tokens=3,size=9,cache_read=1,cache_write=2,reasoning=4,seed=5,retry_after=0.5,cut_after=1',
      ),
      {
        latency: 5,
        ttft: 6,
        chunkDelay: 7,
        chunks: 2,
        tokens: 3,
        size: 9,
        cacheRead: 1,
        cacheWrite: 2,
        reasoning: 4,
        seed: 5,
        retryAfter: 0.5,
        cutAfter: 1,
      },
    );
    assert.deepEqual(parseScenario('429-once'), { fault: '429', times: 1 });
    assert.deepEqual(parseScenario('fault=overloaded,times=2'), {
      fault: 'overloaded',
      times: 2,
    });
    assert.deepEqual(parseScenario('slow'), { chunkDelay: 200 });
    assert.deepEqual(parseScenario('slow,chunk_delay=3'), { chunkDelay: 3 });
    assert.deepEqual(parseScenario('tools=off'), { tools: false });
  });

  void it('rejects unknown keys and bad numbers', () => {
    assert.throws(() => parseScenario('nope=1'), ScenarioError);
    assert.throws(() => parseScenario('latency=-1'), ScenarioError);
    assert.throws(() => parseScenario('tokens=x'), ScenarioError);
  });

  void it('merges key by key, later wins, undefined never overrides', () => {
    assert.deepEqual(
      mergeScenarios({ latency: 1, tokens: 2 }, undefined, {
        tokens: 3,
        ttft: undefined,
      }),
      {
        latency: 1,
        tokens: 3,
      },
    );
  });

  void it('takes the scenario after a tilde in the model name', () => {
    assert.equal(
      scenarioFromModel('gpt-4o~fault=500,tokens=3'),
      'fault=500,tokens=3',
    );
    assert.equal(scenarioFromModel('gpt-4o'), undefined);
    assert.equal(scenarioFromModel(undefined), undefined);
  });
});
