// Classifies how one HTTP attempt ended: llm_otel.outcome, error.type and
// whether the span status is ERROR. error.type stays low-cardinality: a
// provider error code, an HTTP status, a network error code,
// `malformed_response`, or `_OTHER`; never a message. An abort by the app is
// a cancellation, not an error.

import type { FailReason } from '../capture/exchange.js';
import type { Outcome } from './semconv.js';

export const ERROR_TYPE_OTHER = '_OTHER';
/** A 2xx response that is not what its API sends (an HTML page, garbled JSON). */
export const ERROR_TYPE_MALFORMED = 'malformed_response';

export interface AttemptOutcome {
  readonly outcome: Outcome;
  readonly errorType?: string;
  /** Span status ERROR. False for success and for an app abort. */
  readonly isError: boolean;
}

export interface AttemptEnd {
  /** HTTP status, when the response headers arrived. */
  readonly status?: number;
  /** Low-cardinality error code found in the response body. */
  readonly bodyErrorType?: string;
  readonly fail?: { readonly reason: FailReason; readonly error?: unknown };
  /** The parser saw the response's terminal event. */
  readonly responseComplete?: boolean;
  /** The 2xx body, or an event of it, was not valid JSON (SDKs fail on it). */
  readonly malformed?: boolean;
  /** The body we saw ended in good order before the response's terminal event. */
  readonly cutShort?: boolean;
}

const SAFE = /^[A-Za-z0-9_.:-]{1,64}$/;

/** A value fit for error.type, or `_OTHER`. */
export function lowCardinality(value: string | undefined): string {
  return value !== undefined && SAFE.test(value) ? value : ERROR_TYPE_OTHER;
}

/** How deep into an error's causes we look. */
const MAX_CAUSE_DEPTH = 4;

/** An error and its causes, outermost first, as far as they are objects. */
function causeChain(error: unknown): Record<string, unknown>[] {
  const chain: Record<string, unknown>[] = [];
  let current: unknown = error;
  while (
    chain.length < MAX_CAUSE_DEPTH &&
    current !== null &&
    (typeof current === 'object' || typeof current === 'function')
  ) {
    const link = current as Record<string, unknown>;
    chain.push(link);
    current = link['cause'];
  }
  return chain;
}

/**
 * The innermost `code` of a Node/undici error and its causes (ECONNREFUSED,
 * UND_ERR_SOCKET): the root cause, not a wrapper's. An HTTP/2 stream whose
 * session failed ends with ERR_HTTP2_STREAM_CANCEL whatever the failure
 * (DNS, refused, TLS); its cause tells them apart.
 */
export function networkErrorCode(error: unknown): string | undefined {
  let found: string | undefined;
  for (const { code } of causeChain(error)) {
    if (typeof code === 'string' && /^[A-Z][A-Z0-9_]{1,47}$/.test(code))
      found = code;
  }
  return found;
}

/**
 * The error status of an answer that an interceptor gave up on: undici's
 * retry interceptor fails a call it cannot retry (fetch's streamed body,
 * retries used up) with a RequestRetryError carrying the status the server
 * answered. Found in the error or its causes (fetch wraps it in a TypeError).
 */
export function answeredStatus(error: unknown): number | undefined {
  const retry = causeChain(error).find(e => e['code'] === 'UND_ERR_REQ_RETRY');
  const status = retry?.['statusCode'];
  return typeof status === 'number' &&
    Number.isInteger(status) &&
    status >= 400 &&
    status <= 599
    ? status
    : undefined;
}

function outcomeOfStatus(status: number): Outcome {
  if (status === 429) return 'rate_limited';
  if (status === 408) return 'timeout';
  if (status >= 500) return 'server_error';
  return 'client_error';
}

/** For an error event inside a 2xx stream, where only the code tells. */
function outcomeOfCode(code: string): Outcome {
  const c = code.toLowerCase();
  if (/rate_?limit|too_many|resource_exhausted|throttl|quota/.test(c))
    return 'rate_limited';
  if (/timeout|deadline/.test(c)) return 'timeout';
  if (
    /invalid|not_found|permission|auth|forbidden|bad_request|context_length|too_long|too_large/.test(
      c,
    )
  )
    return 'client_error';
  return 'server_error';
}

export function classifyAttempt(end: AttemptEnd): AttemptOutcome {
  const { status, bodyErrorType } = end;
  // An abort after the terminal event is how SDKs release a finished stream
  // (Mistral's and Cohere's cancel the reader on their last event): the call
  // succeeded.
  const fail =
    end.fail?.reason === 'abort' && end.responseComplete === true
      ? undefined
      : end.fail;
  // An error status decides, even when the app then cancels the body unread
  // (SDKs do that before a retry), or an interceptor failed the call on it.
  const errorStatus =
    status !== undefined && status >= 400
      ? status
      : fail?.reason === 'network'
        ? answeredStatus(fail.error)
        : undefined;
  if (errorStatus !== undefined) {
    return {
      outcome: outcomeOfStatus(errorStatus),
      errorType: lowCardinality(bodyErrorType ?? String(errorStatus)),
      isError: true,
    };
  }
  // The provider answered 2xx with something its SDK cannot read: a failure
  // of the service. It comes before an abort, which is how SDKs give up on
  // such a stream; a timeout or a cut connection ended the call itself.
  if (end.malformed === true && bodyErrorType === undefined) {
    if (fail === undefined || fail.reason === 'abort')
      return {
        outcome: 'server_error',
        errorType: ERROR_TYPE_MALFORMED,
        isError: true,
      };
  }
  if (fail?.reason === 'abort') return { outcome: 'canceled', isError: false };
  if (fail?.reason === 'timeout')
    return { outcome: 'timeout', errorType: 'timeout', isError: true };
  if (fail?.reason === 'network') {
    return {
      outcome: 'network_error',
      errorType: lowCardinality(networkErrorCode(fail.error)),
      isError: true,
    };
  }
  if (bodyErrorType !== undefined) {
    return {
      outcome: outcomeOfCode(bodyErrorType),
      errorType: lowCardinality(bodyErrorType),
      isError: true,
    };
  }
  // A 2xx stream that ended in good order before its terminal event (a
  // proxy closing it, a server giving up) is not what its API sends either:
  // the answer is cut short, as a body cut short that cannot parse.
  if (end.cutShort === true && fail === undefined)
    return {
      outcome: 'server_error',
      errorType: ERROR_TYPE_MALFORMED,
      isError: true,
    };
  return { outcome: 'success', isError: false };
}
