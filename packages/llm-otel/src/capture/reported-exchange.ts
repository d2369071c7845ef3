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
// create handler. This holds for the OTel context too, whose Node context
// manager is an AsyncLocalStorage.
//
// The marker is also inherited by everything created inside that fetch: the
// socket it opens, and timers scheduled from that socket's callbacks (a retry
// by undici's RetryAgent for a later request, say). So the marker is a token
// that is open only until the fetch call settles; redirects fetch follows
// happen before that and stay covered. It is checked only at create.

import { AsyncLocalStorage } from 'node:async_hooks';
import { context, createContextKey } from '@opentelemetry/api';
import type { ResponseHandover } from './response-handover.js';

export interface ReportedToken {
  open: boolean;
  /** The fetch call's meeting point with the undici layer (see response-handover.ts). */
  readonly handover?: ResponseHandover;
}

// Where AsyncLocalStorage propagates through a promise hook (Node 20 and 22,
// or 24 with AsyncContextFrame switched off: its prototype has _propagate),
// every extra instance adds work to every promise the process creates, so
// the token rides in the OTel context, whose Node context manager is such an
// instance already; without a working context manager (the no-op one) we
// fall back to our own store. Where it does not (AsyncContextFrame), our own
// instance is the cheaper way: no Context copy and no API lookups per call
// (6 to 8 µs less per call on Node 24, measured in the bench's loop).
const KEY = createContextKey('@x/llm-otel reported exchange');
const hookBased =
  typeof (AsyncLocalStorage.prototype as { _propagate?: unknown })
    ._propagate === 'function';
const own = hookBased ? undefined : new AsyncLocalStorage<ReportedToken>();
let fallback: AsyncLocalStorage<ReportedToken> | undefined;

/** Runs fn marked; close the returned token when the upper layer's call settles. */
export function markReported<T>(
  fn: () => T,
  handover?: ResponseHandover,
): {
  result: T;
  token: ReportedToken;
} {
  const token: ReportedToken =
    handover === undefined ? { open: true } : { open: true, handover };
  if (own !== undefined) return { result: own.run(token, fn), token };
  const marked = context.active().setValue(KEY, token);
  const result = context.with(marked, () => {
    if (context.active() === marked) return fn();
    fallback ??= new AsyncLocalStorage<ReportedToken>();
    return fallback.run(token, fn);
  });
  return { result, token };
}

/** The open token of the upper layer's call we are inside, if any. */
export function reportedToken(): ReportedToken | undefined {
  const token =
    own !== undefined
      ? own.getStore()
      : ((context.active().getValue(KEY) as ReportedToken | undefined) ??
        fallback?.getStore());
  return token?.open === true ? token : undefined;
}

export function isReported(): boolean {
  return reportedToken() !== undefined;
}
