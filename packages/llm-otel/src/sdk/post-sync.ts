// HTTP POSTs that block the calling thread until they are answered or a
// bound passes. Inside process.exit() (an 'exit' listener) no I/O of the
// main thread can complete any more, but a worker thread's can: the worker
// sends them all at once, and the main thread waits on shared memory
// (Atomics.wait) for the answers. Used once, at such an exit, for telemetry
// that would be lost.

import { Worker } from 'node:worker_threads';

export interface SyncPost {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
  readonly tls?: { readonly ca?: string; cert?: string; key?: string };
}

/** How a POST ended: answered 2xx, answered otherwise, failed, or no answer in time. */
export type SyncPostOutcome =
  | { readonly kind: 'sent'; readonly status: number }
  | { readonly kind: 'rejected'; readonly status: number }
  | { readonly kind: 'failed'; readonly reason: string }
  | { readonly kind: 'timeout' };

// Shared state: slot 0 counts finished posts; slots 1 + 2i and 2 + 2i hold
// post i's end (1 answered, 2 failed) and HTTP status. CommonJS source: an
// eval'd worker is a script.
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { posts, shared, timeout } = workerData;
const state = new Int32Array(shared);
posts.forEach((post, i) => {
  let done = false;
  const finish = (kind, status) => {
    if (done) return;
    done = true;
    Atomics.store(state, 2 + 2 * i, status);
    Atomics.store(state, 1 + 2 * i, kind);
    Atomics.add(state, 0, 1);
    Atomics.notify(state, 0);
  };
  try {
    const target = new URL(post.url);
    const transport = require(target.protocol === 'https:' ? 'node:https' : 'node:http');
    const request = transport.request(target, {
      method: 'POST',
      headers: { ...post.headers, 'content-length': String(post.body.byteLength) },
      timeout,
      ...post.tls,
    }, response => {
      response.resume();
      response.on('end', () => finish(1, response.statusCode ?? 0));
      response.on('error', () => finish(1, response.statusCode ?? 0));
    });
    request.on('timeout', () => request.destroy(new Error('timeout')));
    request.on('error', () => finish(2, 0));
    request.end(post.body);
  } catch {
    finish(2, 0);
  }
});
`;

function outcomeOf(state: Int32Array, i: number): SyncPostOutcome {
  const kind = Atomics.load(state, 1 + 2 * i);
  const status = Atomics.load(state, 2 + 2 * i);
  if (kind === 0) return { kind: 'timeout' };
  if (kind === 2) return { kind: 'failed', reason: 'the request failed' };
  return status >= 200 && status < 300
    ? { kind: 'sent', status }
    : { kind: 'rejected', status };
}

/**
 * Posts all at once and waits at most `timeoutMillis` in total (worker
 * start-up included); one outcome per post, in order. Never throws. A
 * worker still running at the bound is left to the process exit.
 */
export function postSync(
  posts: readonly SyncPost[],
  timeoutMillis: number,
): SyncPostOutcome[] {
  if (posts.length === 0) return [];
  try {
    const shared = new SharedArrayBuffer(4 * (1 + 2 * posts.length));
    const state = new Int32Array(shared);
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      // Not the app's --import/--require: that would load us in the worker.
      execArgv: [],
      // Its output, if any, is never the app's.
      stdout: true,
      stderr: true,
      workerData: {
        posts: posts.map(p => ({ ...p, tls: p.tls ?? {} })),
        shared,
        timeout: timeoutMillis,
      },
    });
    worker.unref();
    const deadline = performance.now() + timeoutMillis;
    for (;;) {
      const finished = Atomics.load(state, 0);
      const left = deadline - performance.now();
      if (finished >= posts.length || left <= 0) break;
      Atomics.wait(state, 0, finished, left);
    }
    return posts.map((_, i) => outcomeOf(state, i));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return posts.map(() => ({ kind: 'failed', reason }));
  }
}
