// Builds the contract's OutgoingRequest from fetch's (input, init) without
// touching anything the app passed: a ReadableStream, Blob or FormData body is
// not read here (a Request's own body is read from a clone, see fetch.ts).

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

export interface FetchCall {
  readonly request: OutgoingRequest;
  readonly signal: AbortSignal | undefined;
  /** A Request input whose body must be read from a clone. */
  readonly requestWithBody: RequestLike | undefined;
}

/** Where a fetch call goes: enough to tell whether it may be LLM traffic. */
export interface FetchTarget {
  readonly method: string;
  readonly url: URL;
  readonly fromRequest: RequestLike | undefined;
}

/** Undefined when the URL is invalid: fetch rejects such a call itself. */
export function fetchTarget(
  input: unknown,
  init: RequestInit | undefined,
): FetchTarget | undefined {
  const fromRequest = isRequestLike(input) ? input : undefined;
  let url: URL;
  try {
    url = new URL(fromRequest !== undefined ? fromRequest.url : String(input));
  } catch {
    return undefined;
  }
  const method = (init?.method ?? fromRequest?.method ?? 'GET').toUpperCase();
  return { method, url, fromRequest };
}

export function fetchCall(
  target: FetchTarget,
  init: RequestInit | undefined,
  startTime: number,
): FetchCall {
  const { method, url, fromRequest } = target;
  // init.headers replaces the Request's headers, as in new Request(input, init).
  const headers = fetchHeaderRecord(
    init?.headers !== undefined ? init.headers : fromRequest?.headers,
  );
  const initBody = init?.body;
  const body = immediateBody(initBody);
  const request: OutgoingRequest =
    body === undefined
      ? { layer: 'fetch', method, url, headers, startTime }
      : { layer: 'fetch', method, url, headers, body, startTime };
  const signal = init?.signal ?? fromRequest?.signal ?? undefined;
  const requestWithBody =
    initBody == null && fromRequest?.body != null ? fromRequest : undefined;
  return { request, signal, requestWithBody };
}
