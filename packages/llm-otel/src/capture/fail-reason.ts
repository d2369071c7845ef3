// Classifies a failed exchange. Aborts by the app are cancellations, not
// errors; timeouts are told apart by the error's name or code, which fetch,
// undici and node:http all set (DOMException TimeoutError, UND_ERR_*_TIMEOUT).

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
  if (
    name === 'AbortError' ||
    code === 'UND_ERR_ABORTED' ||
    code === 'ABORT_ERR'
  )
    return 'abort';
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
  if (
    typeof field(error, 'code') === 'string' ||
    field(error, 'name') === 'TimeoutError'
  ) {
    return failReason(error);
  }
  return 'abort';
}
