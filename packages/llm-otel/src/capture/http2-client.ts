// node:http2 client capture (the AWS SDK v3 default transport). http2.connect
// is wrapped so that each session's request() is observed; the recorder is
// asked when the stream is created (method, URL from the pseudo-headers, and
// the other headers), and non-LLM streams are left completely alone.
//
// For LLM streams we observe without changing behaviour:
// - request body: write()/end() are wrapped on the instance; the original runs
//   first with the same arguments, then the piece is reported;
// - response: emit('response') is intercepted before listeners run, and the
//   stream's push() is wrapped, so no 'data' listener is added and the
//   stream's mode is untouched; the body is reported as it arrives;
// - outcome: 'end' at push(null); otherwise at 'close': 'timeout' after a
//   'timeout' event or a TimeoutError, 'abort' after close()/destroy() by the
//   app or an AbortSignal, else 'network' (RST_STREAM by the peer, GOAWAY,
//   socket errors).
// module.syncBuiltinESMExports() makes ESM named imports see the patch.
//
// undici speaks HTTP/2 through node:http2 too (an Agent with allowH2): its
// requests are reported from its diagnostics channels (undici-channels.ts),
// so the sessions it makes are left alone here. undici announces each
// connection on `undici:client:connected`, after it made the session and
// before it writes a request on it; the socket holds the session under
// undici's `http2Session` symbol.

import diagnosticsChannel from 'node:diagnostics_channel';
import http2 from 'node:http2';
import nodeModule from 'node:module';
import type {
  ClientHttp2Session,
  ClientHttp2Stream,
  IncomingHttpHeaders,
  OutgoingHttpHeaders,
} from 'node:http2';
import { captureDiag } from './capture-diag.js';
import { decodedSink } from './decoded-sink.js';
import type { ResponseSink } from './decoded-sink.js';
import type { ExchangeRecorder, OutgoingRequest } from './exchange.js';
import { failReason, noteAppAbort, timedAbort } from './fail-reason.js';
import type { AppAbort } from './fail-reason.js';
import { beginExchange } from './guarded-sink.js';
import type { GuardedSink } from './guarded-sink.js';
import { http2RequestUrl, http2HeaderRecord } from './http2-request-url.js';
import { isReported } from './reported-exchange.js';

type AnyFunction = (...args: unknown[]) => unknown;

interface Exchange extends AppAbort {
  readonly sink: GuardedSink;
  readonly signal: AbortSignal | undefined;
  timedOut: boolean;
  /** The peer reset the stream ('aborted'): the app's destroy that follows is a reaction. */
  peerAborted: boolean;
  error: unknown;
  response: ResponseSink | undefined;
  bodyComplete: boolean;
}

const PATCHED = Symbol('@x/llm-otel.http2-session');

const UNDICI_CONNECTED = 'undici:client:connected';

/** Sessions undici made: reported from its channels, not here. */
const undiciSessions = new WeakSet<object>();

function noteUndiciConnection(message: unknown): void {
  try {
    const socket = (message as { socket?: unknown } | null)?.socket;
    if (typeof socket !== 'object' || socket === null) return;
    for (const key of Object.getOwnPropertySymbols(socket)) {
      if (key.description !== 'http2Session') continue;
      const session = (socket as Record<symbol, unknown>)[key];
      if (typeof session === 'object' && session !== null)
        undiciSessions.add(session);
    }
  } catch (error) {
    captureDiag('could not read an undici connection', error);
  }
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

/** Errors Node itself passes to destroy() (peer reset, session teardown). */
function isInternalError(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return (
    typeof code === 'string' &&
    (code.startsWith('ERR_HTTP2_') || code === 'ECONNRESET')
  );
}

/**
 * False while Node tears the session down after its socket closed (it then
 * closes or destroys every stream itself). A session the app merely
 * close()d, as the AWS SDK does once the response starts, is still alive.
 */
function sessionAlive(stream: ClientHttp2Stream): boolean {
  try {
    const session = stream.session;
    if (session === undefined || session.destroyed) return false;
    return (
      (session.socket as { destroyed?: boolean } | undefined)?.destroyed !==
      true
    );
  } catch {
    return true;
  }
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

function finishExchange(exchange: Exchange): void {
  if (exchange.bodyComplete) return;
  const error = exchange.error;
  let why: ReturnType<typeof failReason>;
  if (exchange.timedOut) why = 'timeout';
  else {
    why = failReason(error, exchange.signal);
    if (exchange.abortedByApp && !exchange.peerAborted)
      why = timedAbort(
        why === 'network' ? 'abort' : why,
        exchange.abortedByTimer,
      );
  }
  if (exchange.response !== undefined) exchange.response.fail(why, error);
  else exchange.sink.fail(why, error);
}

function onResponse(
  exchange: Exchange,
  stream: ClientHttp2Stream,
  headers: IncomingHttpHeaders,
): void {
  const status = Number(headers[':status'] ?? 0);
  const record = http2HeaderRecord(headers);
  exchange.sink.responseHeaders(status, record);
  const response = decodedSink(exchange.sink, record['content-encoding']);
  exchange.response = response;
  wrapMethod(
    stream,
    'push',
    push =>
      function (this: ClientHttp2Stream, ...args: unknown[]) {
        // Node also pushes null when the stream is closed or destroyed
        // early; only a push(null) on an open stream is the peer's end.
        const peerEnd = args[0] === null && !this.closed && !this.destroyed;
        const result = Reflect.apply(push, this, args);
        try {
          const chunk = args[0];
          if (chunk === null) {
            if (peerEnd && !exchange.bodyComplete) {
              exchange.bodyComplete = true;
              response.end();
            }
          } else {
            const piece = bodyPiece(chunk, args[1]);
            if (piece !== undefined)
              response.chunk(
                typeof piece === 'string' ? Buffer.from(piece) : piece,
              );
          }
        } catch (error) {
          captureDiag('http2 response push observer failed', error);
        }
        return result;
      },
  );
}

function observeStream(
  recorder: ExchangeRecorder,
  session: ClientHttp2Session,
  authority: URL | undefined,
  stream: ClientHttp2Stream,
  headers: OutgoingHttpHeaders | undefined,
  options: { signal?: unknown; endStream?: unknown } | undefined,
  startTime: number,
): void {
  const method = String(headers?.[':method'] ?? 'GET').toUpperCase();
  const url = http2RequestUrl(session, authority, headers);
  // Surely not LLM traffic: no headers read, nothing wrapped.
  if (recorder.mayRecord?.(method, url) === false) return;
  const request: OutgoingRequest = {
    layer: 'http2',
    method,
    url,
    headers: http2HeaderRecord(headers ?? {}),
    startTime,
  };
  const sink = beginExchange(recorder, request);
  if (sink === undefined) return;
  const exchange: Exchange = {
    sink,
    signal: options?.signal instanceof AbortSignal ? options.signal : undefined,
    timedOut: false,
    abortedByApp: false,
    abortedByTimer: false,
    peerAborted: false,
    error: undefined,
    response: undefined,
    bodyComplete: false,
  };
  wrapMethod(
    stream,
    'write',
    write =>
      function (this: ClientHttp2Stream, ...args: unknown[]) {
        const result = Reflect.apply(write, this, args);
        const piece = bodyPiece(args[0], args[1]);
        if (piece !== undefined) sink.requestBody(piece);
        return result;
      },
  );
  let bodyEnded = false;
  const endBody = (): void => {
    if (bodyEnded) return;
    bodyEnded = true;
    sink.requestBodyEnd();
  };
  wrapMethod(
    stream,
    'end',
    end =>
      function (this: ClientHttp2Stream, ...args: unknown[]) {
        const result = Reflect.apply(end, this, args);
        const piece =
          typeof args[0] === 'function'
            ? undefined
            : bodyPiece(args[0], args[1]);
        if (piece !== undefined && !bodyEnded) sink.requestBody(piece);
        endBody();
        return result;
      },
  );
  // endStream (GET, HEAD, or asked for): no body will be written.
  if (stream.writableEnded || options?.endStream === true) endBody();
  wrapMethod(
    stream,
    'close',
    close =>
      function (this: ClientHttp2Stream, ...args: unknown[]) {
        if (sessionAlive(this)) noteAppAbort(exchange);
        return Reflect.apply(close, this, args);
      },
  );
  wrapMethod(
    stream,
    'destroy',
    destroy =>
      function (this: ClientHttp2Stream, ...args: unknown[]) {
        // Node destroys a stream it already closed (peer RST_STREAM) itself.
        if (!this.closed && !isInternalError(args[0]) && sessionAlive(this))
          noteAppAbort(exchange);
        return Reflect.apply(destroy, this, args);
      },
  );
  wrapMethod(
    stream,
    'emit',
    emit =>
      function (this: ClientHttp2Stream, ...args: unknown[]) {
        try {
          const event = args[0];
          if (event === 'response' && exchange.response === undefined) {
            onResponse(exchange, stream, args[1] as IncomingHttpHeaders);
          } else if (event === 'timeout') {
            exchange.timedOut = true;
          } else if (event === 'aborted') {
            exchange.peerAborted = true;
          } else if (event === 'error') {
            exchange.error ??= args[1];
          } else if (event === 'close') {
            finishExchange(exchange);
          }
        } catch (error) {
          captureDiag('http2 stream event observer failed', error);
        }
        return Reflect.apply(emit, this, args);
      },
  );
}

function patchSession(
  recorder: ExchangeRecorder,
  session: ClientHttp2Session,
  authority: URL | undefined,
  state: { active: boolean },
): void {
  const target = session as unknown as Record<PropertyKey, unknown>;
  if (target[PATCHED] === true) return;
  target[PATCHED] = true;
  wrapMethod(
    session,
    'request',
    request =>
      function (this: ClientHttp2Session, ...args: unknown[]) {
        if (!state.active || isReported() || undiciSessions.has(this)) {
          return Reflect.apply(request, this, args);
        }
        const startTime = performance.now();
        const stream = Reflect.apply(request, this, args) as ClientHttp2Stream;
        try {
          observeStream(
            recorder,
            this,
            authority,
            stream,
            args[0] as OutgoingHttpHeaders | undefined,
            args[1] as { signal?: unknown; endStream?: unknown } | undefined,
            startTime,
          );
        } catch (error) {
          captureDiag('could not observe a node:http2 request', error);
        }
        return stream;
      },
  );
}

function authorityOf(arg: unknown): URL | undefined {
  try {
    if (arg instanceof URL) return arg;
    if (typeof arg === 'string') return new URL(arg);
    if (typeof arg === 'object' && arg !== null) {
      const o = arg as {
        protocol?: unknown;
        host?: unknown;
        hostname?: unknown;
        port?: unknown;
      };
      const protocol = typeof o.protocol === 'string' ? o.protocol : 'https:';
      const host = String(o.hostname ?? o.host ?? 'localhost');
      const port = o.port == null ? '' : `:${String(o.port)}`;
      return new URL(
        `${protocol}//${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}${port}`,
      );
    }
  } catch {
    // An authority Node itself will reject: connect() reports that.
  }
  return undefined;
}

/** Patches http2.connect; returns the function that restores it. */
export function enableHttp2Capture(recorder: ExchangeRecorder): () => void {
  const state = { active: true };
  const target = http2 as unknown as Record<string, unknown>;
  const original = target['connect'];
  if (typeof original !== 'function') return () => undefined;
  const connect = original as AnyFunction;
  const wrapped = function (this: unknown, ...args: unknown[]) {
    const session = Reflect.apply(connect, this, args) as ClientHttp2Session;
    if (!state.active) return session;
    try {
      patchSession(recorder, session, authorityOf(args[0]), state);
    } catch (error) {
      captureDiag('could not observe a node:http2 session', error);
    }
    return session;
  };
  Object.defineProperty(wrapped, 'name', { value: connect.name });
  Object.defineProperty(wrapped, 'length', { value: connect.length });
  target['connect'] = wrapped;
  nodeModule.syncBuiltinESMExports();
  diagnosticsChannel.subscribe(UNDICI_CONNECTED, noteUndiciConnection);
  let disabled = false;
  return () => {
    if (disabled) return;
    disabled = true;
    state.active = false;
    diagnosticsChannel.unsubscribe(UNDICI_CONNECTED, noteUndiciConnection);
    if (target['connect'] === wrapped) target['connect'] = original;
    nodeModule.syncBuiltinESMExports();
  };
}
