// Wraps globalThis.fetch. Installed at preload, so SDKs that keep a reference
// to fetch from construction (openai, anthropic, groq, ollama) call it too.
// Every call runs inside markReported() so the undici channel subscriber does
// not report the same attempt again (see reported-exchange.ts); redirects that
// fetch follows itself belong to the one exchange the app sees.

import type { ExchangeRecorder } from './exchange.js';
import { fetchCall } from './fetch-request.js';
import type { FetchCall } from './fetch-request.js';
import { failReason } from './fail-reason.js';
import { beginExchange } from './guarded-sink.js';
import type { GuardedSink } from './guarded-sink.js';
import { captureDiag } from './capture-diag.js';
import { observeResponse } from './observed-response.js';
import { markReported } from './reported-exchange.js';

type Fetch = typeof globalThis.fetch;

/** Reads a Request input's body from a clone; the app's copy is untouched. */
function reportRequestBody(call: FetchCall, sink: GuardedSink): void {
  const source = call.requestWithBody;
  if (source === undefined) return;
  try {
    source
      .clone()
      .arrayBuffer()
      .then(
        bytes => {
          sink.requestBody(new Uint8Array(bytes));
          sink.requestBodyEnd();
        },
        () => sink.requestBodyEnd(),
      );
  } catch (error) {
    captureDiag('could not read a fetch Request body', error);
    sink.requestBodyEnd();
  }
}

function begin(
  recorder: ExchangeRecorder,
  args: unknown[],
): { sink: GuardedSink; call: FetchCall } | undefined {
  const startTime = performance.now();
  try {
    const call = fetchCall(
      args[0],
      args[1] as RequestInit | undefined,
      startTime,
    );
    if (call === undefined) return undefined;
    const sink = beginExchange(recorder, call.request);
    if (sink === undefined) return undefined;
    reportRequestBody(call, sink);
    return { sink, call };
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

  const fetch = function fetch(
    this: unknown,
    ...args: Parameters<Fetch>
  ): Promise<Response> {
    if (!active) return Reflect.apply(original, this, args);
    const exchange = begin(recorder, args);
    const { result, token } = markReported(() =>
      Reflect.apply(original, this, args),
    );
    // A derived promise either way: the app's unhandled-rejection behaviour
    // stays as it was (a handler on the original would hide it).
    if (exchange === undefined) {
      return result.then(
        response => {
          token.open = false;
          return response;
        },
        (error: unknown) => {
          token.open = false;
          throw error;
        },
      );
    }
    const { sink, call } = exchange;
    return result.then(
      response => {
        token.open = false;
        return observeResponse(response, sink, call.signal);
      },
      (error: unknown) => {
        token.open = false;
        sink.fail(failReason(error, call.signal), error);
        throw error; // The same error object reaches the app.
      },
    );
  };
  Object.defineProperty(fetch, 'length', { value: original.length });

  globalThis.fetch = fetch;
  return () => {
    active = false;
    // Someone may have wrapped us since: then we stay, inactive, in their chain.
    if (globalThis.fetch === fetch) globalThis.fetch = original;
  };
}
