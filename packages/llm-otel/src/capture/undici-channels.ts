// Subscribes to undici's diagnostics channels, published by the `undici` npm
// package and by Node's bundled copy alike. Covers undici.request/stream/fetch
// and global fetch references taken before our wrapper was installed.
//
// The body-chunk channels exist from undici 7.11 (npm 7.x; Node 24's copy).
// We subscribe to them always; where the publisher is older they never fire,
// and the recorder gets headers, end and errors only. Where they fire for
// global fetch's requests, the fetch layer hands its responses over to us
// instead of observing them with a second stream (see response-handover.ts).
// Note that undici.request
// without a dispatcher uses the process-wide dispatcher, which Node's bundled
// undici installs on the first global fetch: such calls then run on the
// bundled copy and have no body chunks either.
//
// Subscriber callbacks run synchronously inside undici: they are cheap,
// guarded, and keep per-request state in a WeakMap keyed by undici's request
// object (shared by all undici:request:* events of one request), deleted on
// the terminal event.

import diagnosticsChannel from 'node:diagnostics_channel';
import type { ExchangeRecorder, OutgoingRequest } from './exchange.js';
import { captureDiag } from './capture-diag.js';
import { decodedSink } from './decoded-sink.js';
import { failureByChannel } from './dispatcher-tap.js';
import type { TappedFailure } from './dispatcher-tap.js';
import type { ResponseSink } from './decoded-sink.js';
import { failReasonNow } from './fail-reason.js';
import { beginExchange } from './guarded-sink.js';
import type { GuardedSink } from './guarded-sink.js';
import { undiciHeaderRecord } from './header-record.js';
import { MayRecordCache } from './may-record-cache.js';
import { reportedToken } from './reported-exchange.js';
import type { ResponseHandover } from './response-handover.js';

/** The fields of undici's Request that we read (v5 to v8). */
interface UndiciRequest {
  readonly origin?: string | URL;
  readonly path?: string;
  /** The Host header the request was given, if any (undici reads it apart). */
  readonly host?: string | null;
  readonly method?: string;
  readonly headers?: unknown;
  readonly body?: unknown;
}

interface RequestState {
  readonly sink: GuardedSink;
  /** Decodes content-encoding before chunks reach the recorder. */
  response: ResponseSink | undefined;
  /** The body went into begin(), or has ended: body events are not reported. */
  bodyDone: boolean;
}

interface Message {
  readonly request: UndiciRequest;
  readonly response?: { statusCode?: number; headers?: unknown };
  readonly chunk?: Uint8Array | string;
  readonly error?: unknown;
}

/**
 * The origin the request is for. A request with a Host header of its own
 * names its server there: undici's dns interceptor dispatches to the
 * resolved address with the name in Host, and an app may do the same.
 */
function originOf(request: UndiciRequest): string {
  const origin = String(request.origin);
  const host = request.host;
  if (typeof host !== 'string' || host === '') return origin;
  try {
    const url = new URL(`${new URL(origin).protocol}//${host}`);
    // A host and port only; anything else is not a Host we can name.
    const plain =
      url.pathname === '/' &&
      url.search === '' &&
      url.hash === '' &&
      url.username === '' &&
      url.password === '';
    return plain ? url.origin : origin;
  } catch {
    return origin;
  }
}

function outgoing(
  request: UndiciRequest,
  decisions: MayRecordCache,
): OutgoingRequest | undefined {
  if (request.origin === undefined || request.path === undefined) return;
  const method = String(request.method ?? 'GET').toUpperCase();
  if (method === 'CONNECT') return;
  const origin = originOf(request);
  // Surely not LLM traffic: no URL parsed, no headers read, nothing kept.
  if (!decisions.mayRecordAt(method, origin, request.path)) return;
  const url = new URL(request.path, origin);
  const headers = undiciHeaderRecord(request.headers);
  const body = request.body;
  const startTime = performance.now();
  return typeof body === 'string' || body instanceof Uint8Array
    ? { layer: 'undici', method, url, headers, body, startTime }
    : { layer: 'undici', method, url, headers, startTime };
}

// Feature detection by observation: the Request classes (one per undici copy)
// seen publishing a body chunk. Until a class has been seen to, fetch observes
// the responses of its requests itself. What undici does outlives a disable.
const chunkPublishers = new WeakSet<object>();
let lastPublisher: object | null = null;

export function enableUndiciCapture(recorder: ExchangeRecorder): () => void {
  const decisions = new MayRecordCache(recorder);
  const states = new WeakMap<UndiciRequest, RequestState>();
  // Requests of a fetch call whose response may be handed over to us.
  const handovers = new WeakMap<UndiciRequest, ResponseHandover>();
  // Requests of a fetch call through the dispatcher tap whose failure the
  // error channel reports (see failureByChannel).
  const tappedFailures = new WeakMap<UndiciRequest, TappedFailure>();
  // How many of them have not ended yet: a disable keeps the terminal
  // channels until they have, as tapped calls finish as they began.
  let tappedOpen = 0;
  let disabled = false;

  // 1st: the request object was created by dispatch().
  const onCreate = (message: unknown): void => {
    try {
      const { request } = message as Message;
      // An upper layer (our fetch wrapper) reports this attempt already.
      const token = reportedToken();
      if (token !== undefined) {
        // A proxy agent's tunnel, opened for this call: not one of its hops.
        if (String(request.method).toUpperCase() === 'CONNECT') return;
        const tapped = failureByChannel(request);
        if (tapped !== undefined) {
          tappedFailures.set(request, tapped);
          tappedOpen++;
          return;
        }
        const handover = token.handover;
        const publishes = chunkPublishers.has(
          Object.getPrototypeOf(request) as object,
        );
        if (handover?.requestCreated(request, publishes) === true) {
          handovers.set(request, handover);
        }
        return;
      }
      const out = outgoing(request, decisions);
      if (out === undefined) return;
      const sink = beginExchange(recorder, out);
      if (sink === undefined) return;
      const bodyless = request.body == null;
      states.set(request, {
        sink,
        response: undefined,
        bodyDone: out.body !== undefined || bodyless,
      });
      if (bodyless) sink.requestBodyEnd();
    } catch (error) {
      captureDiag('undici request:create handler failed', error);
    }
  };

  // Request body pieces as they are written (undici >= 7.11).
  const onBodyChunkSent = (message: unknown): void => {
    const { request, chunk } = message as Message;
    const state = states.get(request);
    if (state === undefined || state.bodyDone || chunk === undefined) return;
    state.sink.requestBody(chunk);
  };

  const onBodySent = (message: unknown): void => {
    const state = states.get((message as Message).request);
    if (state === undefined || state.bodyDone) return;
    state.bodyDone = true;
    state.sink.requestBodyEnd();
  };

  // Status line and headers of the final response.
  const onHeaders = (message: unknown): void => {
    try {
      const { request, response } = message as Message;
      // 1xx are interim (undici 8 publishes them over HTTP/2): the final one comes.
      if ((response?.statusCode ?? 200) < 200) return;
      const state = states.get(request);
      if (state === undefined) {
        handovers.get(request)?.headers(request);
        return;
      }
      if (response === undefined) return;
      const headers = undiciHeaderRecord(response.headers);
      state.sink.responseHeaders(response.statusCode ?? 0, headers);
      state.response = decodedSink(state.sink, headers['content-encoding']);
    } catch (error) {
      captureDiag('undici request:headers handler failed', error);
    }
  };

  // Response body pieces as they arrive, before content decoding (>= 7.11).
  const onBodyChunkReceived = (message: unknown): void => {
    try {
      const { request, chunk } = message as Message;
      const publisher = Object.getPrototypeOf(request) as object | null;
      if (publisher !== lastPublisher && publisher !== null) {
        chunkPublishers.add(publisher);
        lastPublisher = publisher;
      }
      if (chunk === undefined) return;
      const bytes =
        typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk;
      const state = states.get(request);
      if (state !== undefined) state.response?.chunk(bytes);
      else handovers.get(request)?.chunk(request, bytes);
    } catch (error) {
      // A subscriber that throws would reach the app as an uncaught exception.
      captureDiag('undici bodyChunkReceived handler failed', error);
    }
  };

  // Last: the response completed (trailers, possibly none).
  const onTrailers = (message: unknown): void => {
    const { request } = message as Message;
    if (tappedFailures.delete(request)) tappedEnded();
    const state = states.get(request);
    if (state === undefined) {
      try {
        handovers.get(request)?.end(request);
      } catch (error) {
        captureDiag('undici request:trailers handler failed', error);
      }
      handovers.delete(request);
      return;
    }
    states.delete(request);
    // An undici older than 7.11 publishes no body: not one chunk came, and
    // none of its kind ever did.
    if (!chunkPublishers.has(Object.getPrototypeOf(request) as object))
      state.sink.responseBodyHidden();
    if (state.response !== undefined) state.response.end();
    else state.sink.end();
  };

  // Last: the request failed (connect error, abort, timeout, cut body).
  const onError = (message: unknown): void => {
    const { request, error } = message as Message;
    const state = states.get(request);
    if (state === undefined) {
      try {
        const tapped = tappedFailures.get(request);
        // undici publishes again on a request that failed before, without
        // calling the handler then: only the first one counts.
        if (tapped !== undefined) {
          tappedFailures.delete(request);
          tappedEnded();
          tapped.handover.error(tapped.handler, error);
        } else {
          handovers.get(request)?.error(request, error);
        }
      } catch (caught) {
        captureDiag('undici request:error handler failed', caught);
      }
      handovers.delete(request);
      return;
    }
    states.delete(request);
    // Published where undici fails it: for an abort, in the caller's callback.
    const reason = failReasonNow(error);
    if (state.response !== undefined) state.response.fail(reason, error);
    else state.sink.fail(reason, error);
  };

  const subscriptions: [string, (message: unknown) => void][] = [
    ['undici:request:create', onCreate],
    ['undici:request:bodyChunkSent', onBodyChunkSent],
    ['undici:request:bodySent', onBodySent],
    ['undici:request:headers', onHeaders],
    ['undici:request:bodyChunkReceived', onBodyChunkReceived],
    ['undici:request:trailers', onTrailers],
    ['undici:request:error', onError],
  ];
  // diagnostics_channel.subscribe (not channel().subscribe) holds the channel
  // strongly: see nodejs/node#42170.
  for (const [name, handler] of subscriptions) {
    diagnosticsChannel.subscribe(name, handler);
  }
  const terminal = new Set([onTrailers, onError]);
  function unsubscribe(which: 'terminal' | 'others'): void {
    for (const [name, handler] of subscriptions) {
      if (terminal.has(handler) === (which === 'terminal'))
        diagnosticsChannel.unsubscribe(name, handler);
    }
  }
  function tappedEnded(): void {
    tappedOpen--;
    if (disabled && tappedOpen === 0) unsubscribe('terminal');
  }

  return () => {
    if (disabled) return;
    disabled = true;
    unsubscribe('others');
    if (tappedOpen === 0) unsubscribe('terminal');
  };
}
