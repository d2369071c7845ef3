// Lets the fetch layer hand the app fetch's own Response on every undici copy,
// not only where undici publishes the body-chunk channels (Node 24): global
// fetch dispatches through the process-wide dispatcher, with a handler whose
// callbacks receive the status, every body chunk as it arrives (before
// content decoding), the end and errors. The tap wraps that dispatcher's
// dispatch() in place, and for a fetch call the fetch layer reports (the open
// token of reported-exchange.ts) puts callbacks in front of fetch's: they
// tell the call's ResponseHandover what passes, then call fetch's own.
// Everything else is dispatched untouched.
//
// The dispatcher object stays the same (apps compare and close it); only an
// own, non-enumerable `dispatch` is added, and removed again on disable. A
// dispatcher the app installs later is tapped on the next LLM fetch call.
// fetch calls with their own dispatcher are observed as before.
//
// A failure reaches fetch's onError through our wrapper only until undici's
// request for the handler is seen (failureByChannel): from then on the
// `undici:request:error` channel tells us, and fetch's own onError is back in
// place, so the error fetch makes there (a cut body's "terminated") carries
// no frame of ours in its stack.

import { captureDiag } from './capture-diag.js';
import { reportedToken } from './reported-exchange.js';
import type { ResponseHandover } from './response-handover.js';
import { undiciRequestHandler } from './undici-request-handler.js';

/** Where every undici copy (bundled or npm) keeps the process-wide dispatcher. */
const GLOBAL_DISPATCHER = Symbol.for('undici.globalDispatcher.1');

type Callback = (this: unknown, ...args: unknown[]) => unknown;

/** The legacy handler callbacks fetch passes (undici 5 to 7). */
interface FetchHandler {
  onHeaders: Callback;
  onData: Callback;
  onComplete: Callback;
  onError: Callback;
}

interface Dispatcher {
  dispatch: (this: unknown, opts: unknown, handler: unknown) => unknown;
}

/** A tapped handler and the handover its events go to. */
export interface TappedFailure {
  readonly handler: object;
  readonly handover: ResponseHandover;
}

interface TappedOnError extends TappedFailure {
  readonly own: Callback;
  readonly wrapper: Callback;
}

/** fetch's own onError of each tapped handler, and our wrapper in front of it. */
const tappedOnError = new WeakMap<object, TappedOnError>();

function isFetchHandler(handler: unknown): handler is FetchHandler {
  if (typeof handler !== 'object' || handler === null) return false;
  const h = handler as Partial<FetchHandler>;
  return (
    typeof h.onHeaders === 'function' &&
    typeof h.onData === 'function' &&
    typeof h.onComplete === 'function' &&
    typeof h.onError === 'function'
  );
}

/**
 * Puts our callbacks in front of fetch's, in fetch's own handler object (made
 * for this one dispatch): a wrapper object with fetch's as its prototype
 * would cost V8 a prototype map per call. Returns false to leave it alone.
 */
function tapHandler(handler: unknown): boolean {
  const handover = reportedToken()?.handover;
  if (handover === undefined || !isFetchHandler(handler)) return false;
  if (!handover.tapCreated(handler)) return false;
  const { onHeaders, onData, onComplete, onError } = handler;
  handler.onHeaders = function (status, rawHeaders, resume, statusText) {
    try {
      // 1xx are interim: fetch waits for the final status.
      if ((status as number) >= 200) handover.headers(handler);
    } catch (error) {
      captureDiag('dispatcher tap onHeaders failed', error);
    }
    return onHeaders.call(this, status, rawHeaders, resume, statusText);
  };
  handler.onData = function (chunk) {
    try {
      if (chunk instanceof Uint8Array) handover.chunk(handler, chunk);
    } catch (error) {
      captureDiag('dispatcher tap onData failed', error);
    }
    return onData.call(this, chunk);
  };
  handler.onComplete = function (trailers) {
    try {
      handover.end(handler);
    } catch (error) {
      captureDiag('dispatcher tap onComplete failed', error);
    }
    return onComplete.call(this, trailers);
  };
  const wrapper: Callback = function (error) {
    try {
      handover.error(handler, error);
    } catch (caught) {
      captureDiag('dispatcher tap onError failed', caught);
    }
    return onError.call(this, error);
  };
  handler.onError = wrapper;
  tappedOnError.set(handler, { handler, handover, own: onError, wrapper });
  return true;
}

/**
 * For undici's request, just created: when it calls a tapped handler itself
 * (no interceptor between them), puts fetch's own onError back and returns
 * where its failure goes. undici publishes every failure of the request on
 * `undici:request:error` right before it calls the handler's onError, so the
 * caller must report that failure from the channel. Otherwise undefined, and
 * the wrapper stays.
 */
export function failureByChannel(request: object): TappedFailure | undefined {
  const handler = undiciRequestHandler(request);
  if (typeof handler !== 'object' || handler === null) return undefined;
  const tapped = tappedOnError.get(handler);
  if (tapped === undefined) return undefined;
  tappedOnError.delete(handler);
  const h = handler as FetchHandler;
  if (h.onError !== tapped.wrapper) return undefined;
  h.onError = tapped.own;
  return tapped;
}

/**
 * Taps the process-wide dispatcher, once per dispatcher object. The fetch
 * layer calls tapGlobal() before each call that may be reported.
 */
export class DispatcherTap {
  private readonly tappedDispatchers = new WeakSet<object>();
  private readonly undos: (() => void)[] = [];
  private active = true;
  /** The bundled undici was loaded for its dispatcher (see tapGlobal). */
  private loadTried = false;

  /** Taps the current process-wide dispatcher if not yet done. */
  tapGlobal(): void {
    if (!this.active) return;
    let dispatcher = (globalThis as Record<symbol, unknown>)[GLOBAL_DISPATCHER];
    if (dispatcher === undefined && !this.loadTried) {
      this.loadTried = true;
      // Node's fetch loads its bundled undici, which installs the
      // process-wide dispatcher, on its first call, a moment from now. Web
      // globals such as Response load it alike: loaded here, the first call
      // is tapped as every later one (its Response fetch's own, its body
      // seen whether or not the app reads it).
      void (globalThis as { Response?: unknown }).Response;
      dispatcher = (globalThis as Record<symbol, unknown>)[GLOBAL_DISPATCHER];
    }
    if (typeof dispatcher !== 'object' || dispatcher === null) return;
    if (this.tappedDispatchers.has(dispatcher)) return;
    this.tappedDispatchers.add(dispatcher);
    try {
      this.tap(dispatcher as Dispatcher);
    } catch (error) {
      captureDiag('could not tap the global undici dispatcher', error);
    }
  }

  private tap(dispatcher: Dispatcher): void {
    const original = dispatcher.dispatch;
    if (typeof original !== 'function') return;
    const own = Object.getOwnPropertyDescriptor(dispatcher, 'dispatch');
    const tap = this;
    const value = function dispatch(
      this: unknown,
      opts: unknown,
      handler: unknown,
    ): unknown {
      if (tap.active) {
        try {
          tapHandler(handler);
        } catch (error) {
          captureDiag('dispatcher tap failed', error);
        }
      }
      return original.call(this, opts, handler);
    };
    Object.defineProperty(dispatcher, 'dispatch', {
      configurable: true,
      enumerable: false,
      writable: true,
      value,
    });
    this.undos.push(() => {
      // Someone may have wrapped ours since: then it stays, inactive.
      const now = Object.getOwnPropertyDescriptor(dispatcher, 'dispatch');
      if (now?.value !== value) return;
      if (own === undefined)
        delete (dispatcher as Partial<Dispatcher>).dispatch;
      else Object.defineProperty(dispatcher, 'dispatch', own);
    });
  }

  /** Removes every tap (dispatchers keep working; tapped calls finish as they began). */
  remove(): void {
    this.active = false;
    for (const undo of this.undos.splice(0).reverse()) {
      try {
        undo();
      } catch (error) {
        captureDiag('could not remove a dispatcher tap', error);
      }
    }
  }
}
