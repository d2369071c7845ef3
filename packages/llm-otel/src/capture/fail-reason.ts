// Classifies a failed exchange. Aborts by the app are cancellations, not
// errors; timeouts are told apart by the error's name or code, which fetch,
// undici and node:http all set (DOMException TimeoutError, UND_ERR_*_TIMEOUT),
// or by where the abort came from: a timer callback (abortedByTimer).

import { executionAsyncResource } from 'node:async_hooks';
import type { FailReason } from './exchange.js';

const TIMEOUT_CODES = new Set([
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'ETIMEDOUT',
]);

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

/**
 * undici's RequestAbortedError, as an abort makes it: with its default
 * message. undici also fails a request with one of its own message where
 * nobody aborted: a proxy that refuses the tunnel ("Proxy response (407)
 * !== 200 when HTTP Tunneling"), a response too large for its dump
 * interceptor. Those are network failures.
 */
function undiciAbort(error: unknown): boolean {
  const message = field(error, 'message');
  return message === undefined || message === 'Request aborted';
}

export function failReason(error: unknown, signal?: AbortSignal): FailReason {
  if (signal?.aborted === true) {
    return field(signal.reason, 'name') === 'TimeoutError'
      ? 'timeout'
      : 'abort';
  }
  const name = field(error, 'name');
  const code = field(error, 'code');
  if (name === 'TimeoutError' || TIMEOUT_CODES.has(String(code)))
    return 'timeout';
  // Before the name: undici's RequestAbortedError is named AbortError too.
  if (code === 'UND_ERR_ABORTED')
    return undiciAbort(error) ? 'abort' : 'network';
  if (name === 'AbortError' || code === 'ABORT_ERR') return 'abort';
  // undici wraps the signal's reason: TypeError('fetch failed', { cause }).
  if (field(field(error, 'cause'), 'name') === 'TimeoutError') return 'timeout';
  return 'network';
}

/**
 * Without the response in hand, an error undici publishes for a fetch request
 * is: a network failure or timeout (undici's and the system's errors carry a
 * string code), the app's signal, or the app cancelling the body stream (its
 * own reason, or none). The last is a cancellation, as when we observe it.
 */
export function handedOverFailReason(
  error: unknown,
  signal: AbortSignal | undefined,
): FailReason {
  if (signal?.aborted === true) return failReason(error, signal);
  const name = field(error, 'name');
  if (typeof field(error, 'code') === 'string' || name === 'TimeoutError')
    return failReason(error);
  // undici's parser error carries no code where llhttp's has no name for it
  // (Node 24's copy: a bad chunk size).
  if (name === 'HTTPParserError') return 'network';
  return 'abort';
}

let timeoutClass: unknown;

/** The class of the handles setTimeout returns (not exported by Node). */
function timerHandleClass(): unknown {
  if (timeoutClass === undefined) {
    const handle = setTimeout(() => undefined, 0);
    clearTimeout(handle);
    timeoutClass = (handle as object).constructor;
  }
  return timeoutClass;
}

/**
 * True when called, synchronously, from a setTimeout or setInterval
 * callback. An abort made there is a time limit: the openai, groq and
 * Cohere SDKs enforce a client-level `timeout` by aborting from a timer
 * without a reason (so does a request.destroy() in an app's own timer),
 * which a cancel by the app cannot be told from otherwise. Call it where
 * the abort is delivered synchronously: undici's handler and channels, the
 * signal's listeners, node:http's destroy().
 */
export function abortedByTimer(): boolean {
  try {
    const type = timerHandleClass();
    return (
      typeof type === 'function' && executionAsyncResource() instanceof type
    );
  } catch {
    return false;
  }
}

/**
 * failReason() where the failure is delivered as it happens (undici's
 * channels, a signal's listener): an abort from a timer is a timeout.
 */
export function failReasonNow(
  error: unknown,
  signal?: AbortSignal,
): FailReason {
  return timedAbort(failReason(error, signal), abortedByTimer());
}

/** What a node:http or http2 exchange knows of the app aborting it. */
export interface AppAbort {
  abortedByApp: boolean;
  /** The app's first abort came from a timer (see abortedByTimer). */
  abortedByTimer: boolean;
}

/** The app aborted the exchange (its first abort counts). */
export function noteAppAbort(state: AppAbort): void {
  if (state.abortedByApp) return;
  state.abortedByApp = true;
  state.abortedByTimer = abortedByTimer();
}

/** An abort made from a timer is a timeout (see abortedByTimer). */
export function timedAbort(reason: FailReason, byTimer: boolean): FailReason {
  return reason === 'abort' && byTimer ? 'timeout' : reason;
}
