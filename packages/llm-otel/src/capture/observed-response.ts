// Gives the app a fetch Response whose body we observe (observed-body.ts).
// Where undici keeps the body in a symbol-keyed state (the 6.x copies of Node
// 20 and 22), the app gets fetch's own Response (in-place-response.ts).
// Elsewhere it gets a new one, an instance of a Response subclass
// (instanceof Response holds) with the original status and statusText, whose
// url, redirected, type, (immutable) Headers object and clone() come from the
// original response.

import type { GuardedSink } from './guarded-sink.js';
import { failReasonNow } from './fail-reason.js';
import { fetchHeaderRecord } from './header-record.js';
import { captureDiag } from './capture-diag.js';
import { observeInPlace } from './in-place-response.js';
import { observedBody, watchUnreachable } from './observed-body.js';
import type { Pending } from './observed-body.js';

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
    sink.fail(failReasonNow(signal.reason, signal), signal.reason);
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
    // A fetch Response's headers cannot change: read when the recorder needs them.
    const headers = response.headers;
    sink.responseHeaders(response.status, () => fetchHeaderRecord(headers));
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
    if (observeInPlace(response, body, sink, signal)) {
      reportAbortWhileIdle(sink, signal);
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
    watchUnreachable(stream, pending);
    return copy;
  } catch (error) {
    // The app gets the original untouched, its body unlocked again.
    captureDiag('could not observe a fetch response', error);
    pending?.reader.releaseLock();
    sink.fail('network', error);
    return response;
  }
}
