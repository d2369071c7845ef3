import assert from 'node:assert/strict';
import { readFile } from 'node:fs';
import { describe, it } from 'node:test';
import { errors } from 'undici';
import {
  abortedByTimer,
  failReason,
  timedAbort,
} from '../../src/capture/fail-reason.js';

/** abortedByTimer() as seen from inside `schedule`'s callback. */
function from(schedule: (callback: () => void) => void): Promise<boolean> {
  return new Promise(resolve => schedule(() => resolve(abortedByTimer())));
}

void describe('abortedByTimer', () => {
  void it('is true only inside a setTimeout or setInterval callback', async () => {
    const seen = {
      setTimeout: await from(cb => setTimeout(cb, 1)),
      setInterval: await from(cb => {
        const handle = setInterval(() => {
          clearInterval(handle);
          cb();
        }, 1);
      }),
      setImmediate: await from(cb => setImmediate(cb)),
      nextTick: await from(cb => process.nextTick(cb)),
      promise: await from(cb => void Promise.resolve().then(cb)),
      io: await from(cb => readFile(import.meta.filename, () => cb())),
      topLevel: abortedByTimer(),
    };
    assert.deepEqual(seen, {
      setTimeout: true,
      setInterval: true,
      setImmediate: false,
      nextTick: false,
      promise: false,
      io: false,
      topLevel: false,
    });
  });

  void it('sees the timer through an abort listener, as an SDK timeout delivers it', async () => {
    const controller = new AbortController();
    const inListener = new Promise<boolean>(resolve =>
      controller.signal.addEventListener('abort', () =>
        resolve(abortedByTimer()),
      ),
    );
    // What openai's fetchWithTimeout does: abort() from its timer, no reason.
    setTimeout(() => controller.abort(), 1);
    assert.equal(await inListener, true);
    assert.equal(
      failReason(controller.signal.reason, controller.signal),
      'abort',
    );
  });
});

void describe('timedAbort', () => {
  void it('makes an abort from a timer a timeout and leaves every other reason', () => {
    assert.deepEqual(
      (['abort', 'timeout', 'network'] as const).flatMap(reason =>
        [true, false].map(byTimer => timedAbort(reason, byTimer)),
      ),
      ['timeout', 'abort', 'timeout', 'timeout', 'network', 'network'],
    );
  });
});

void describe('failReason', () => {
  void it("takes undici's RequestAbortedError for an abort only as an abort makes it, not a proxy's refused tunnel", () => {
    const tunnel = new errors.RequestAbortedError(
      'Proxy response (407) !== 200 when HTTP Tunneling',
    );
    assert.deepEqual(
      [
        new errors.RequestAbortedError(),
        tunnel,
        new TypeError('fetch failed', { cause: tunnel }),
        new DOMException('This operation was aborted', 'AbortError'),
        new DOMException('The operation timed out', 'TimeoutError'),
        new errors.HeadersTimeoutError(),
        new errors.SocketError('other side closed'),
      ].map(error => failReason(error)),
      ['abort', 'network', 'network', 'abort', 'timeout', 'timeout', 'network'],
    );
  });
});
