// Wraps globalThis.fetch. Installed at preload, so SDKs that keep a reference
// to fetch from construction (openai, anthropic, groq, ollama) call it too.
// A call the recorder surely declines (mayRecord) goes to the original fetch
// untouched. Every other call runs inside markReported() so the undici
// channel subscriber does not report the same attempt again (see
// reported-exchange.ts); redirects that fetch follows itself belong to the
// one exchange the app sees. Where the undici layer sees the response body
// (response-handover.ts: through the dispatcher tap, or undici's body-chunk
// channels), the app gets fetch's Response untouched; otherwise
// observed-response.ts observes it, in fetch's own Response where it can.

import type { ExchangeRecorder, OutgoingRequest } from './exchange.js';
import { fetchCall, fetchTarget, outgoingRequest } from './fetch-request.js';
import type { FetchCall } from './fetch-request.js';
import { beginExchange } from './guarded-sink.js';
import type { GuardedSink } from './guarded-sink.js';
import { captureDiag } from './capture-diag.js';
import { DispatcherTap } from './dispatcher-tap.js';
import { observeResponse } from './observed-response.js';
import { MayRecordCache } from './may-record-cache.js';
import { markReported } from './reported-exchange.js';
import { ResponseHandover } from './response-handover.js';

type Fetch = typeof globalThis.fetch;

/**
 * Reads a Request input's body from a clone, or a Blob body (immutable: a
 * read leaves fetch's own as it was); the app's copy is untouched.
 */
function reportRequestBody(call: FetchCall, sink: GuardedSink): void {
  const { requestWithBody, blobBody } = call;
  if (requestWithBody === undefined && blobBody === undefined) return;
  try {
    const source = blobBody ?? requestWithBody?.clone();
    source?.arrayBuffer().then(
      bytes => {
        sink.requestBody(new Uint8Array(bytes));
        sink.requestBodyEnd();
      },
      () => sink.requestBodyEnd(),
    );
  } catch (error) {
    captureDiag('could not read a fetch request body', error);
    sink.requestBodyEnd();
  }
}

interface Exchange {
  readonly sink: GuardedSink;
  readonly call: FetchCall;
}

/**
 * One fetch call's way to the recorder. The call is read at once (the app may
 * reuse its init object), but the recorder is asked later, two event-loop
 * turns on (see askLater): its work (URL parse, header record, provider
 * match, request parse, span start) then overlaps the wait for the response
 * instead of delaying the request. The span keeps the call's own start
 * time. If the response or an error comes first, the recorder is asked right
 * then. A Request input's body must be cloned before fetch takes it, so such
 * calls ask at once.
 */
class PendingExchange {
  private decided = false;
  private exchange: Exchange | undefined;

  constructor(
    private readonly recorder: ExchangeRecorder,
    private readonly call: FetchCall,
  ) {}

  /** False once decided that the exchange is not reported; never decides. */
  get mayBeReported(): boolean {
    return !this.decided || this.exchange !== undefined;
  }

  get needsBodyNow(): boolean {
    return (
      this.call.requestWithBody !== undefined ||
      this.call.blobBody !== undefined
    );
  }

  decide(): Exchange | undefined {
    if (this.decided) return this.exchange;
    this.decided = true;
    const call = this.call;
    let request: OutgoingRequest;
    try {
      request = outgoingRequest(call);
    } catch (error) {
      captureDiag('could not read a fetch call', error);
      return undefined;
    }
    const sink = beginExchange(this.recorder, request);
    if (sink === undefined) return undefined;
    reportRequestBody(call, sink);
    this.exchange = { sink, call };
    return this.exchange;
  }
}

/**
 * Asks the recorder two turns after the call. Node 22's and 24's fetch write
 * the request in the turn after the call (Node 20's within it): asked in the
 * first turn, the recorder's work ran before the request went out and
 * delayed it by as much (about 30 µs per call, measured on both).
 */
function askLater(pending: PendingExchange): void {
  setImmediate(() => setImmediate(() => pending.decide()));
}

/** The undici layer observes this response: the app gets it untouched. */
function handedOver(
  handover: ResponseHandover,
  sink: GuardedSink,
  response: Response,
): boolean {
  try {
    if (handover.connect(sink, response)) return true;
  } catch (error) {
    captureDiag('could not connect a handed-over fetch response', error);
  }
  handover.release();
  return false;
}

/**
 * The call, read at once (the app may reuse its init object); undefined when
 * the recorder surely declines it (capture then stays out of its way) or it
 * cannot be read (fetch rejects an invalid URL itself).
 */
function readCall(
  args: unknown[],
  decisions: MayRecordCache,
): FetchCall | undefined {
  try {
    const startTime = performance.now();
    const init = args[1] as RequestInit | undefined;
    const target = fetchTarget(args[0], init);
    if (!decisions.mayRecord(target.method, target.href)) return undefined;
    return fetchCall(target, init, startTime);
  } catch (error) {
    captureDiag('could not read a fetch call', error);
    return undefined;
  }
}

/** Wraps globalThis.fetch; returns the function that restores it. */
export function enableFetchCapture(recorder: ExchangeRecorder): () => void {
  const original: Fetch | undefined = globalThis.fetch;
  if (typeof original !== 'function') return () => undefined;
  let active = true;
  const tap = new DispatcherTap();
  const decisions = new MayRecordCache(recorder);

  const fetch = function fetch(
    this: unknown,
    ...args: Parameters<Fetch>
  ): Promise<Response> {
    if (!active) return Reflect.apply(original, this, args);
    const call = readCall(args, decisions);
    // Not LLM traffic: the app's call, untouched (the undici layer still
    // sees it, and declines it as cheaply).
    if (call === undefined) return Reflect.apply(original, this, args);
    // Before the call: fetch may dispatch synchronously.
    tap.tapGlobal();
    const pending = new PendingExchange(recorder, call);
    if (pending.needsBodyNow) pending.decide();
    const handover = new ResponseHandover(
      () => pending.mayBeReported,
      call.signal,
    );
    const { result, token } = markReported(
      () => Reflect.apply(original, this, args),
      handover,
    );
    // Scheduled outside the marked call: the recorder sees the app's context.
    askLater(pending);
    // A derived promise: the app's unhandled-rejection behaviour stays as it
    // was (a handler on the original would hide it).
    return result.then(
      response => {
        token.open = false;
        const exchange = pending.decide();
        if (exchange === undefined) {
          handover.release();
          return response;
        }
        if (handedOver(handover, exchange.sink, response)) return response;
        return observeResponse(response, exchange.sink, exchange.call.signal);
      },
      (error: unknown) => {
        token.open = false;
        handover.release();
        const exchange = pending.decide();
        exchange?.sink.fail(handover.failReason(error), error);
        throw error; // The same error object reaches the app.
      },
    );
  };
  Object.defineProperty(fetch, 'length', { value: original.length });

  globalThis.fetch = fetch;
  return () => {
    active = false;
    tap.remove();
    // Someone may have wrapped us since: then we stay, inactive, in their chain.
    if (globalThis.fetch === fetch) globalThis.fetch = original;
  };
}
