// Builds the contract's OutgoingRequest from fetch's (input, init) without
// touching anything the app passed: a ReadableStream, Blob or FormData body is
// not read here (a Request's own body is read from a clone, a Blob, which
// reads alike any number of times, later; see fetch.ts).

import type { OutgoingRequest } from './exchange.js';
import { fetchHeaderRecord } from './header-record.js';

/** The parts of a Request (from any realm) that capture reads. */
interface RequestLike {
  readonly url: string;
  readonly method: string;
  readonly headers: Headers;
  readonly body: ReadableStream<Uint8Array> | null;
  readonly signal?: AbortSignal;
  clone(): RequestLike & { arrayBuffer(): Promise<ArrayBuffer> };
}

export function isRequestLike(input: unknown): input is RequestLike {
  return (
    typeof input === 'object' &&
    input !== null &&
    !(input instanceof URL) &&
    typeof (input as RequestLike).url === 'string' &&
    typeof (input as RequestLike).method === 'string' &&
    typeof (input as RequestLike).clone === 'function'
  );
}

/** A body capture can hand over as is, or undefined. */
export function immediateBody(body: unknown): Uint8Array | string | undefined {
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  if (ArrayBuffer.isView(body)) {
    return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  }
  if (body instanceof URLSearchParams) return body.toString();
  return undefined;
}

/**
 * A fetch call as read at call time: only what is cheap to take then (the
 * app may reuse its init object). The URL is parsed and the header record
 * built later, off the app's path (outgoingRequest).
 */
export interface FetchCall {
  readonly method: string;
  /** The URL as the app gave it (a string, URL or Request's url). */
  readonly href: string;
  /** init.headers, or the Request's: a copy where one is cheap (see headersSnapshot). */
  readonly headers: unknown;
  readonly body: Uint8Array | string | undefined;
  readonly startTime: number;
  readonly signal: AbortSignal | undefined;
  /** A Request input whose body must be read from a clone. */
  readonly requestWithBody: RequestLike | undefined;
  /** A Blob (or File) body, read after the call. */
  readonly blobBody: Blob | undefined;
}

/**
 * Headers to read after the call: plain records and arrays are copied (cheap),
 * so later changes by the app do not show. A Headers object is kept as is:
 * SDKs build one per request, and copying it would cost what reading it now
 * does. An iterable that is its own iterator (a generator) is not kept: it
 * can be read once, and that read is fetch's.
 */
function headersSnapshot(init: unknown): unknown {
  if (typeof init !== 'object' || init === null) return undefined;
  if (Array.isArray(init)) return init.slice();
  if (typeof (init as Headers).forEach === 'function') return init;
  const iterate = (init as Partial<Iterable<unknown>>)[Symbol.iterator];
  if (typeof iterate === 'function') {
    return iterate.call(init) === init ? undefined : init;
  }
  return { ...(init as Record<string, unknown>) };
}

/** Where a fetch call goes: enough to tell whether it may be LLM traffic. */
export interface FetchTarget {
  readonly method: string;
  /** The URL as the app gave it (a string, URL or Request's url), not parsed. */
  readonly href: string;
  readonly fromRequest: RequestLike | undefined;
}

export function fetchTarget(
  input: unknown,
  init: RequestInit | undefined,
): FetchTarget {
  const fromRequest = isRequestLike(input) ? input : undefined;
  const href = fromRequest !== undefined ? fromRequest.url : String(input);
  const method = (init?.method ?? fromRequest?.method ?? 'GET').toUpperCase();
  return { method, href, fromRequest };
}

/** Reads the rest of a call that may be LLM traffic: the cheap part, at call time. */
export function fetchCall(
  target: FetchTarget,
  init: RequestInit | undefined,
  startTime: number,
): FetchCall {
  const { method, href, fromRequest } = target;
  // init.headers replaces the Request's headers, as in new Request(input, init).
  const headers = headersSnapshot(
    init?.headers !== undefined ? init.headers : fromRequest?.headers,
  );
  const initBody = init?.body;
  const signal = init?.signal ?? fromRequest?.signal ?? undefined;
  const requestWithBody =
    initBody == null && fromRequest?.body != null ? fromRequest : undefined;
  return {
    method,
    href,
    headers,
    body: immediateBody(initBody),
    startTime,
    signal,
    requestWithBody,
    blobBody: initBody instanceof Blob ? initBody : undefined,
  };
}

/** The contract's request for a call; throws when href is not a URL. */
export function outgoingRequest(call: FetchCall): OutgoingRequest {
  const { method, body, startTime } = call;
  const url = new URL(call.href);
  const headers = fetchHeaderRecord(call.headers);
  return body === undefined
    ? { layer: 'fetch', method, url, headers, startTime }
    : { layer: 'fetch', method, url, headers, body, startTime };
}
