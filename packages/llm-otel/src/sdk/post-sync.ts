// One HTTP POST that blocks the calling thread until it is answered or a
// bound passes. Inside process.exit() (an 'exit' listener) no I/O of the
// main thread can complete any more, but a worker thread's can: the worker
// sends, and the main thread waits on shared memory (Atomics.wait) for its
// answer. Used once, at such an exit, for telemetry that would be lost.

import { Worker } from 'node:worker_threads';

export interface SyncPost {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
  readonly tls?: { readonly ca?: string; cert?: string; key?: string };
}

/** How the POST ended: answered 2xx, answered otherwise or failed, or no answer in time. */
export type SyncPostOutcome =
  | { readonly kind: 'sent'; readonly status: number }
  | { readonly kind: 'rejected'; readonly status: number }
  | { readonly kind: 'failed'; readonly reason: string }
  | { readonly kind: 'timeout' };

// Slot 0: 0 while waiting, 1 answered, 2 failed; slot 1: the HTTP status.
// CommonJS source: an eval'd worker is a script.
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { url, headers, body, tls, shared, timeout } = workerData;
const state = new Int32Array(shared);
const finish = (kind, status) => {
  if (Atomics.load(state, 0) !== 0) return;
  Atomics.store(state, 1, status);
  Atomics.store(state, 0, kind);
  Atomics.notify(state, 0);
};
try {
  const target = new URL(url);
  const transport = require(target.protocol === 'https:' ? 'node:https' : 'node:http');
  const request = transport.request(target, {
    method: 'POST',
    headers: { ...headers, 'content-length': String(body.byteLength) },
    timeout,
    ...tls,
  }, response => {
    response.resume();
    response.on('end', () => finish(1, response.statusCode ?? 0));
    response.on('error', () => finish(1, response.statusCode ?? 0));
  });
  request.on('timeout', () => request.destroy(new Error('timeout')));
  request.on('error', () => finish(2, 0));
  request.end(body);
} catch {
  finish(2, 0);
}
`;

/**
 * Posts and waits at most `timeoutMillis` (worker start-up included). Never
 * throws. A worker still running at the bound is left to the process exit.
 */
export function postSync(
  post: SyncPost,
  timeoutMillis: number,
): SyncPostOutcome {
  try {
    const shared = new SharedArrayBuffer(8);
    const state = new Int32Array(shared);
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      // Not the app's --import/--require: that would load us in the worker.
      execArgv: [],
      // Its output, if any, is never the app's.
      stdout: true,
      stderr: true,
      workerData: {
        url: post.url,
        headers: post.headers,
        body: post.body,
        tls: post.tls ?? {},
        shared,
        timeout: timeoutMillis,
      },
    });
    worker.unref();
    const waited = Atomics.wait(state, 0, 0, timeoutMillis);
    if (waited === 'timed-out') return { kind: 'timeout' };
    const status = Atomics.load(state, 1);
    if (Atomics.load(state, 0) === 2)
      return { kind: 'failed', reason: 'the request failed' };
    return status >= 200 && status < 300
      ? { kind: 'sent', status }
      : { kind: 'rejected', status };
  } catch (error) {
    return {
      kind: 'failed',
      reason: error instanceof Error ? error.message : String(error),
    };
  }
}
