// Hands the app a Response whose body is the original body observed as it
// passes: nothing is queued for the app (highWaterMark 0 pulls only when the
// app reads); read-ahead.ts reads the original a bounded step ahead, so the
// end of the body is reported when it arrives.
//
// The new Response keeps what the app can see: it is an instance of a
// Response subclass (instanceof Response holds) with the original status and
// statusText, whose url, redirected, type, (immutable) Headers object and
// clone() come from the original response.
//
// If the app never reads the body: the original stream stays locked by us, so
// undici's own GC hook (which cancels unlocked unread bodies) cannot fire.
// Ours fires when our body stream is collected (not the Response: an app may
// keep only response.body and read it later): nobody can read any more, so it
// cancels the original body, freeing the connection, and reports 'abort'.
// Without a GC the sink is simply never ended.

import type { GuardedSink } from './guarded-sink.js';
import { failReason } from './fail-reason.js';
import { captureDiag } from './capture-diag.js';
import { ReadAhead } from './read-ahead.js';

interface Pending {
  readonly sink: GuardedSink;
  readonly reader: ReadableStreamDefaultReader<Uint8Array>;
}

const unreachable = new FinalizationRegistry<Pending>(pending => {
  if (pending.sink.done) return;
  pending.sink.fail('abort');
  pending.reader.cancel().catch(() => undefined);
});

function headerRecord(headers: Headers): Record<string, string> {
  // Headers already lower-cases and joins; set-cookie comes once per value.
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    const prior = out[name];
    out[name] = prior === undefined ? value : `${prior}, ${value}`;
  });
  return out;
}

function observedBody(
  body: ReadableStream<Uint8Array>,
  sink: GuardedSink,
  signal: AbortSignal | undefined,
): { stream: ReadableStream<Uint8Array>; pending: Pending } {
  const pending: Pending = { sink, reader: body.getReader() };
  const ahead = new ReadAhead(pending.reader, sink, signal);
  // One waiter per stream (the controller is the same for every pull); the
  // read-ahead holds it only while the app waits, so a body the app dropped
  // can still be collected.
  let controller: ReadableByteStreamController | undefined;
  let resolvePull: (() => void) | undefined;
  let rejectPull: ((error: unknown) => void) | undefined;
  let thrown: { error: unknown } | undefined;
  const waiter = {
    deliver(chunk: Uint8Array<ArrayBuffer> | null): void {
      const c = controller!;
      if (chunk === null) {
        c.close();
        // A pending BYOB read completes (done) only once its view is returned.
        c.byobRequest?.respond(0);
      } else {
        c.enqueue(chunk);
      }
      const resolve = resolvePull;
      resolvePull = rejectPull = undefined;
      resolve?.();
    },
    fail(error: unknown): void {
      const reject = rejectPull;
      resolvePull = rejectPull = undefined;
      // The app's read rejects with the same error.
      if (reject === undefined) thrown = { error };
      else reject(error);
    },
  };
  const stream = new ReadableStream<Uint8Array>(
    {
      type: 'bytes',
      pull(c) {
        controller = c as ReadableByteStreamController;
        if (ahead.next(waiter)) {
          const failure = thrown;
          thrown = undefined;
          return failure === undefined
            ? undefined
            : Promise.reject(failure.error as Error);
        }
        return new Promise<void>((resolve, reject) => {
          resolvePull = resolve;
          rejectPull = reject;
        });
      },
      cancel(reason) {
        sink.fail('abort', reason);
        ahead.stop();
        return pending.reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, pending };
}

/**
 * An abort while the app is not reading errors only the original body; the
 * app learns on its next read (if any). Report it when it happens.
 */
function reportAbortWhileIdle(
  sink: GuardedSink,
  signal: AbortSignal | undefined,
): void {
  if (signal === undefined || signal.aborted) return;
  const onAbort = (): void => {
    sink.fail(failReason(signal.reason, signal), signal.reason);
  };
  signal.addEventListener('abort', onAbort, { once: true });
  sink.onDone(() => signal.removeEventListener('abort', onAbort));
}

const kOriginal = Symbol('@x/llm-otel original response');

type WithOriginal = Response & { [kOriginal]: Response };

type ObservedResponseClass = new (
  body: ReadableStream<Uint8Array>,
  init: ResponseInit,
  original: Response,
) => Response;

/**
 * What the new Response is built with. Body methods read only content-type
 * from their own headers (blob() type, formData() boundary); everything the
 * app reads through `headers` is the original Headers object.
 */
function responseInit(response: Response): ResponseInit {
  const contentType = response.headers.get('content-type');
  return contentType === null
    ? { status: response.status, statusText: response.statusText }
    : {
        status: response.status,
        statusText: response.statusText,
        headers: { 'content-type': contentType },
      };
}

let observedResponseClass: ObservedResponseClass | undefined;

/**
 * A Response subclass whose url, redirected, type, headers and clone() come
 * from the original: getters on one prototype, so nothing is defined per
 * instance. Created lazily: Response is a global of the runtime.
 */
function createObservedResponseClass(): ObservedResponseClass {
  class ObservedResponse extends Response {
    constructor(
      body: ReadableStream<Uint8Array>,
      init: ResponseInit,
      original: Response,
    ) {
      super(body, init);
      (this as unknown as WithOriginal)[kOriginal] = original;
    }
  }
  const original = (response: Response): Response =>
    (response as WithOriginal)[kOriginal];
  const fromOriginal = (name: 'url' | 'redirected' | 'type' | 'headers') => ({
    get(this: Response): unknown {
      return original(this)[name];
    },
    configurable: true,
  });
  Object.defineProperties(ObservedResponse.prototype, {
    url: fromOriginal('url'),
    redirected: fromOriginal('redirected'),
    type: fromOriginal('type'),
    headers: fromOriginal('headers'),
    clone: {
      value: function clone(this: Response): Response {
        const twin = Response.prototype.clone.call(this);
        return new ObservedResponse(
          twin.body as ReadableStream<Uint8Array>,
          responseInit(this),
          original(this),
        );
      },
      configurable: true,
      writable: true,
    },
  });
  Object.defineProperty(ObservedResponse, 'name', { value: 'Response' });
  return ObservedResponse;
}

export function observeResponse(
  response: Response,
  sink: GuardedSink,
  signal: AbortSignal | undefined,
): Response {
  let pending: Pending | undefined;
  try {
    sink.responseHeaders(response.status, headerRecord(response.headers));
    const body = response.body;
    if (body === null) {
      sink.end();
      return response;
    }
    if (body.locked || response.status < 200 || response.status > 599) {
      // Not something a new Response can carry: leave it to the app as is.
      captureDiag('fetch response body not observable');
      sink.end();
      return response;
    }
    const observed = observedBody(body, sink, signal);
    pending = observed.pending;
    reportAbortWhileIdle(sink, signal);
    const stream = observed.stream;
    observedResponseClass ??= createObservedResponseClass();
    const copy = new observedResponseClass(
      stream,
      responseInit(response),
      response,
    );
    unreachable.register(stream, pending);
    return copy;
  } catch (error) {
    // The app gets the original untouched, its body unlocked again.
    captureDiag('could not observe a fetch response', error);
    pending?.reader.releaseLock();
    sink.fail('network', error);
    return response;
  }
}
