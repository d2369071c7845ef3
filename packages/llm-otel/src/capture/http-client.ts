// node:http and node:https clients: request() and get() in both call forms.
// The recorder is asked when the ClientRequest is created (method, URL and the
// headers given so far); non-LLM requests are then left completely alone.
//
// For LLM requests we observe without changing behaviour:
// - request body: write()/end() are wrapped on the instance; the original runs
//   first with the same arguments, then the piece is reported;
// - response: emit('response') is intercepted before listeners run (adding a
//   'response' listener would stop Node from dumping unwanted bodies), and the
//   IncomingMessage's push() is wrapped, so no 'data' listener is added and
//   the stream's mode is untouched. The body is reported as it arrives from
//   the socket, even when the app reads it later;
// - outcome: 'timeout' after a 'timeout' event or a TimeoutError signal,
//   'abort' after destroy()/abort() by the app or an AbortSignal, else
//   'network'.
// module.syncBuiltinESMExports() makes ESM named imports see the patch.

import http from 'node:http';
import https from 'node:https';
import nodeModule from 'node:module';
import type { ClientRequest, IncomingMessage } from 'node:http';
import { captureDiag } from './capture-diag.js';
import { decodedSink } from './decoded-sink.js';
import type { ResponseSink } from './decoded-sink.js';
import type { ExchangeRecorder, OutgoingRequest } from './exchange.js';
import { failReason, noteAppAbort, timedAbort } from './fail-reason.js';
import type { AppAbort } from './fail-reason.js';
import { beginExchange } from './guarded-sink.js';
import type { GuardedSink } from './guarded-sink.js';
import { nodeHeaderRecord } from './header-record.js';
import { httpRequestUrl } from './http-request-url.js';
import { isReported } from './reported-exchange.js';

type AnyFunction = (...args: unknown[]) => unknown;

interface Exchange extends AppAbort {
  readonly sink: GuardedSink;
  readonly signal: AbortSignal | undefined;
  timedOut: boolean;
  error: unknown;
  response: ResponseSink | undefined;
  bodyComplete: boolean;
}

function signalOf(args: readonly unknown[]): AbortSignal | undefined {
  for (const arg of args) {
    const signal = (arg as { signal?: unknown } | null)?.signal;
    if (
      arg !== null &&
      typeof arg === 'object' &&
      signal instanceof AbortSignal
    )
      return signal;
  }
  return undefined;
}

function bodyPiece(
  chunk: unknown,
  encoding: unknown,
): Uint8Array | string | undefined {
  if (chunk instanceof Uint8Array) return chunk;
  if (typeof chunk !== 'string') return undefined;
  return typeof encoding === 'string' && !/^utf-?8$/i.test(encoding)
    ? Buffer.from(chunk, encoding as BufferEncoding)
    : chunk;
}

/** Node itself resets with ECONNRESET ('aborted', 'socket hang up'). */
function isNodeReset(error: unknown): boolean {
  return (error as { code?: unknown } | undefined)?.code === 'ECONNRESET';
}

/**
 * A destroy() of the request or response. Node's own reset keeps its error:
 * a response it cuts may emit none (only to 'error' listeners, which
 * node-fetch 2 does not add). A second destroy() is no abort by the app:
 * axios and got destroy again, with errors of their own, from the 'aborted'
 * event of the reset.
 */
function noteDestroy(
  exchange: Exchange,
  stream: { readonly destroyed: boolean },
  error: unknown,
): void {
  if (isNodeReset(error)) exchange.error ??= error;
  else if (!stream.destroyed) noteAppAbort(exchange);
}

function reason(
  exchange: Exchange,
  error: unknown,
): ReturnType<typeof failReason> {
  if (exchange.timedOut) return 'timeout';
  const classified = failReason(error, exchange.signal);
  if (!exchange.abortedByApp) return classified;
  return timedAbort(
    classified === 'network' ? 'abort' : classified,
    exchange.abortedByTimer,
  );
}

function failExchange(exchange: Exchange): void {
  const error = exchange.error;
  const why = reason(exchange, error);
  if (exchange.response !== undefined) exchange.response.fail(why, error);
  else exchange.sink.fail(why, error);
}

function wrapMethod<T extends object>(
  target: T,
  name: string,
  wrap: (original: AnyFunction) => AnyFunction,
): void {
  const original = (target as Record<string, unknown>)[name];
  if (typeof original !== 'function') return;
  (target as Record<string, unknown>)[name] = wrap(original as AnyFunction);
}

function observeResponse(exchange: Exchange, res: IncomingMessage): void {
  const { sink } = exchange;
  sink.responseHeaders(res.statusCode ?? 0, nodeHeaderRecord(res.headers));
  const contentEncoding = res.headers['content-encoding'];
  const response = decodedSink(sink, contentEncoding);
  exchange.response = response;
  wrapMethod(
    res,
    'push',
    push =>
      function (this: IncomingMessage, ...args: unknown[]) {
        const result = Reflect.apply(push, this, args);
        const chunk = args[0];
        try {
          if (chunk === null) {
            exchange.bodyComplete = true;
            response.end();
          } else {
            const piece = bodyPiece(chunk, args[1]);
            if (piece !== undefined) {
              response.chunk(
                typeof piece === 'string' ? Buffer.from(piece) : piece,
              );
            }
          }
        } catch (error) {
          captureDiag('http response push observer failed', error);
        }
        return result;
      },
  );
  wrapMethod(
    res,
    'destroy',
    destroy =>
      function (this: IncomingMessage, ...args: unknown[]) {
        noteDestroy(exchange, this, args[0]);
        return Reflect.apply(destroy, this, args);
      },
  );
  wrapMethod(
    res,
    'emit',
    emit =>
      function (this: IncomingMessage, ...args: unknown[]) {
        try {
          if (args[0] === 'error') exchange.error ??= args[1];
          else if (args[0] === 'close' && !exchange.bodyComplete)
            failExchange(exchange);
        } catch (error) {
          captureDiag('http response event observer failed', error);
        }
        return Reflect.apply(emit, this, args);
      },
  );
}

function observeRequest(
  recorder: ExchangeRecorder,
  req: ClientRequest,
  args: readonly unknown[],
  startTime: number,
): void {
  const method = req.method.toUpperCase();
  const url = httpRequestUrl(req, args);
  // Surely not LLM traffic: no headers read, nothing wrapped.
  if (recorder.mayRecord?.(method, url) === false) return;
  const request: OutgoingRequest = {
    layer: 'http',
    method,
    url,
    headers: nodeHeaderRecord(req.getHeaders()),
    startTime,
  };
  const sink = beginExchange(recorder, request);
  if (sink === undefined) return;
  const exchange: Exchange = {
    sink,
    signal: signalOf(args),
    timedOut: false,
    abortedByApp: false,
    abortedByTimer: false,
    error: undefined,
    response: undefined,
    bodyComplete: false,
  };
  wrapMethod(
    req,
    'write',
    write =>
      function (this: ClientRequest, ...args: unknown[]) {
        const result = Reflect.apply(write, this, args);
        const piece = bodyPiece(args[0], args[1]);
        if (piece !== undefined) sink.requestBody(piece);
        return result;
      },
  );
  wrapMethod(
    req,
    'end',
    end =>
      function (this: ClientRequest, ...args: unknown[]) {
        const result = Reflect.apply(end, this, args);
        const piece = bodyPiece(args[0], args[1]);
        if (piece !== undefined) sink.requestBody(piece);
        sink.requestBodyEnd();
        return result;
      },
  );
  // get() ends the request before we see it.
  if (req.writableEnded) sink.requestBodyEnd();
  wrapMethod(
    req,
    'destroy',
    destroy =>
      function (this: ClientRequest, ...args: unknown[]) {
        noteDestroy(exchange, this, args[0]);
        return Reflect.apply(destroy, this, args);
      },
  );
  wrapMethod(
    req,
    'emit',
    emit =>
      function (this: ClientRequest, ...args: unknown[]) {
        try {
          const event = args[0];
          if (event === 'response') {
            observeResponse(exchange, args[1] as IncomingMessage);
          } else if (event === 'upgrade') {
            // The connection now belongs to another protocol (WebSocket):
            // the HTTP exchange ends with the 101.
            const res = args[1] as IncomingMessage;
            sink.responseHeaders(
              res.statusCode ?? 101,
              nodeHeaderRecord(res.headers),
            );
            sink.end();
          } else if (event === 'timeout') {
            exchange.timedOut = true;
          } else if (event === 'error') {
            exchange.error ??= args[1];
            if (exchange.response === undefined) failExchange(exchange);
          } else if (event === 'close' && exchange.response === undefined) {
            failExchange(exchange);
          }
        } catch (error) {
          captureDiag('http request event observer failed', error);
        }
        return Reflect.apply(emit, this, args);
      },
  );
}

let depth = 0;

function wrapRequestFunction(
  recorder: ExchangeRecorder,
  original: AnyFunction,
  state: { active: boolean },
): AnyFunction {
  return function (this: unknown, ...args: unknown[]) {
    // Nested calls (get → request on some Node versions) and requests an
    // upper layer reports (a fetch polyfill on node:http) pass straight on.
    if (!state.active || depth > 0 || isReported()) {
      return Reflect.apply(original, this, args);
    }
    const startTime = performance.now();
    let req: ClientRequest;
    depth++;
    try {
      req = Reflect.apply(original, this, args) as ClientRequest;
    } finally {
      depth--;
    }
    try {
      observeRequest(recorder, req, args, startTime);
    } catch (error) {
      captureDiag('could not observe a node:http request', error);
    }
    return req;
  };
}

/** Patches node:http and node:https; returns the function that restores them. */
export function enableHttpCapture(recorder: ExchangeRecorder): () => void {
  const state = { active: true };
  const restores: (() => void)[] = [];
  for (const target of [http, https] as Record<string, unknown>[]) {
    for (const name of ['request', 'get']) {
      const original = target[name];
      if (typeof original !== 'function') continue;
      const wrapped = wrapRequestFunction(
        recorder,
        original as AnyFunction,
        state,
      );
      Object.defineProperty(wrapped, 'name', { value: original.name });
      Object.defineProperty(wrapped, 'length', { value: original.length });
      target[name] = wrapped;
      restores.push(() => {
        if (target[name] === wrapped) target[name] = original;
      });
    }
  }
  nodeModule.syncBuiltinESMExports();
  return () => {
    state.active = false;
    for (const restore of restores) restore();
    nodeModule.syncBuiltinESMExports();
  };
}
