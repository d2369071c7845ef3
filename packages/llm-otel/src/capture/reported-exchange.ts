// Marks the asynchronous work of one exchange that an upper layer already
// reports, so that lower layers skip it: one report per HTTP attempt.
//
// Global fetch runs on top of undici (Node's bundled copy, or the npm package
// when the app passes its dispatcher). The fetch wrapper runs the original
// fetch inside `markReported()`. undici creates its Request object, and
// publishes `undici:request:create`, synchronously inside `dispatch()`, which
// fetch calls from a promise continuation of the call we wrapped.
// AsyncLocalStorage follows promise continuations (async_hooks PromiseHook on
// Node 20, AsyncContextFrame on Node 24), so the marker is visible in the
// create handler. It is checked ONLY there: later undici events run in the
// socket's context, which may belong to whichever request opened the socket.

import { AsyncLocalStorage } from 'node:async_hooks';

const reported = new AsyncLocalStorage<true>();

export function markReported<T>(fn: () => T): T {
  return reported.run(true, fn);
}

export function isReported(): boolean {
  return reported.getStore() === true;
}
