import assert from 'node:assert/strict';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  isReported,
  markReported,
} from '../../src/capture/reported-exchange.js';

async function scenario(): Promise<boolean[]> {
  const seen: boolean[] = [isReported()];
  let later: Promise<boolean> | undefined;
  const { result, token } = markReported(async () => {
    await nextTurn();
    // Work scheduled inside the marked call, running after it settled.
    later = new Promise(resolve => setTimeout(() => resolve(isReported()), 20));
    return isReported();
  });
  seen.push(await result);
  token.open = false;
  seen.push(await later!);
  seen.push(isReported());
  return seen;
}

void describe('reported-exchange marker', () => {
  void it('follows async work without an OTel context manager', async () => {
    assert.deepEqual(await scenario(), [false, true, false, false]);
  });

  void it('follows async work in the OTel context when a manager is set', async () => {
    const manager = new AsyncLocalStorageContextManager().enable();
    context.setGlobalContextManager(manager);
    try {
      assert.deepEqual(await scenario(), [false, true, false, false]);
    } finally {
      context.disable();
    }
  });
});
