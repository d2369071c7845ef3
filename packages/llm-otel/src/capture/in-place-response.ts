// Fetch's own Response, observed in place: for a JSON answer, where undici
// keeps the body in a symbol-keyed state (its 6.x copies, bundled with Node
// 20 and 22), the app keeps the very object fetch gave, moved to a subclass
// prototype. Reading it whole (json, text, arrayBuffer, bytes) reads the
// original as native consumption does and reports each chunk as it arrives:
// no second stream, no second Response (about 30 to 50 us less per call
// than observed-body.ts on Node 20 and 22). Anything that hands out the
// stream (body, clone, blob, formData) first puts the observed stream
// (observed-body.ts) into the Response's state, so that every native method
// reads through it from then on.
//
// Where the state is not found (Node 24's undici keeps it in a private field;
// there the undici layer mostly hands bodies over, see response-handover.ts),
// observed-response.ts builds a new Response instead.

import { failReason } from './fail-reason.js';
import type { GuardedSink } from './guarded-sink.js';
import { observedBody, watchUnreachable } from './observed-body.js';

interface BodyState {
  stream: ReadableStream<Uint8Array>;
}

interface InPlace {
  readonly sink: GuardedSink;
  readonly signal: AbortSignal | undefined;
  readonly body: BodyState;
  /** The observed stream is in the state: native methods read through it. */
  swapped: boolean;
  /** Read whole by us: native methods apply as they are. */
  consumed: boolean;
}

const kInPlace = Symbol('@x/llm-otel in place');

type Observed = Response & { [kInPlace]?: InPlace };

/** A Response the app dropped unread: the exchange ends as 'abort'. */
const unread = new FinalizationRegistry<GuardedSink>(sink => {
  if (!sink.done) sink.fail('abort');
});

let stateKey: symbol | null | undefined;
let prototype: object | undefined;

/** undici 6's body state, found once by what it holds; null where absent. */
function bodyState(
  response: Response,
  stream: ReadableStream,
): BodyState | undefined {
  if (stateKey === undefined) {
    stateKey = null;
    for (const key of Object.getOwnPropertySymbols(response)) {
      const value = (response as unknown as Record<symbol, unknown>)[key] as
        { body?: { stream?: unknown } | null } | undefined;
      if (value?.body?.stream === stream) {
        stateKey = key;
        break;
      }
    }
  }
  if (stateKey === null) return undefined;
  const state = (response as unknown as Record<symbol, unknown>)[stateKey] as
    { body?: BodyState | null } | undefined;
  const body = state?.body;
  return body?.stream === stream ? body : undefined;
}

/** Puts the observed stream into the Response, once, if still possible. */
function swapIn(response: Observed): void {
  const place = response[kInPlace];
  if (place === undefined || place.swapped || place.consumed) return;
  place.swapped = true;
  // The app may now hold the body without the Response: the stream's own GC
  // hook takes over.
  unread.unregister(place);
  const original = place.body.stream;
  if (original.locked) return;
  const { stream, pending } = observedBody(original, place.sink, place.signal);
  place.body.stream = stream;
  watchUnreachable(stream, pending);
}

const decoder = new TextDecoder();

function isJson(contentType: string | null): boolean {
  if (contentType === null) return false;
  const semicolon = contentType.indexOf(';');
  const type = (semicolon < 0 ? contentType : contentType.slice(0, semicolon))
    .trim()
    .toLowerCase();
  return type === 'application/json';
}

/**
 * Reads the original body to its end as native consumption does (same
 * errors, the stream left disturbed), reporting each chunk as it arrives.
 * The result is a buffer of its own: the recorder keeps the chunks.
 */
async function readWhole(place: InPlace): Promise<Uint8Array<ArrayBuffer>> {
  const { sink, signal } = place;
  const reader = place.body.stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    let result: ReadableStreamReadResult<Uint8Array>;
    try {
      result = await reader.read();
    } catch (error) {
      sink.fail(failReason(error, signal), error);
      throw error; // The same error object reaches the app.
    }
    if (result.done) break;
    const chunk = result.value;
    if (chunk.byteLength === 0) continue;
    sink.responseChunk(chunk);
    chunks.push(chunk);
    size += chunk.byteLength;
  }
  sink.end();
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}

function createPrototype(): object {
  const native = Response.prototype;
  const bodyGetter = Object.getOwnPropertyDescriptor(native, 'body')?.get;
  /**
   * Reads the body whole, reporting each chunk as it arrives, then
   * `finish`. The app's copy is ours alone: the recorder keeps the chunks.
   */
  function whole<T>(
    response: Observed,
    nativeMethod: (this: Response) => Promise<T>,
    finish: (bytes: Uint8Array<ArrayBuffer>) => T,
  ): Promise<T> {
    const place = response[kInPlace];
    if (
      place === undefined ||
      place.swapped ||
      place.consumed ||
      place.body.stream.locked
    )
      return nativeMethod.call(response);
    place.consumed = true;
    unread.unregister(place);
    return readWhole(place).then(finish);
  }
  const methods: PropertyDescriptorMap = {
    body: {
      get(this: Observed): unknown {
        swapIn(this);
        return bodyGetter?.call(this);
      },
      configurable: true,
    },
    json: {
      value: function json(this: Observed): Promise<unknown> {
        return whole(
          this,
          native.json,
          bytes => JSON.parse(decoder.decode(bytes)) as unknown,
        );
      },
    },
    text: {
      value: function text(this: Observed): Promise<string> {
        return whole(this, native.text, bytes => decoder.decode(bytes));
      },
    },
    arrayBuffer: {
      value: function arrayBuffer(this: Observed): Promise<ArrayBuffer> {
        return whole(this, native.arrayBuffer, bytes => bytes.buffer);
      },
    },
  };
  for (const name of ['clone', 'blob', 'formData'] as const) {
    const method = native[name] as (this: Response) => unknown;
    methods[name] = {
      value: {
        [name](this: Observed): unknown {
          swapIn(this);
          return method.call(this);
        },
      }[name],
    };
  }
  const bytesMethod = (
    native as { bytes?: (this: Response) => Promise<Uint8Array> }
  ).bytes;
  if (typeof bytesMethod === 'function') {
    methods['bytes'] = {
      value: function bytes(this: Observed): Promise<Uint8Array> {
        return whole(this, bytesMethod, bytes => bytes);
      },
    };
  }
  for (const descriptor of Object.values(methods)) {
    descriptor.configurable = true;
    if ('value' in descriptor) descriptor.writable = true;
  }
  class Response_ extends Response {}
  Object.defineProperties(Response_.prototype, methods);
  Object.defineProperty(Response_, 'name', { value: 'Response' });
  return Response_.prototype;
}

/**
 * Observes `response` in place and returns true; false where undici's state
 * is not where we expect it (the caller then builds a new Response).
 */
export function observeInPlace(
  response: Response,
  body: ReadableStream<Uint8Array>,
  sink: GuardedSink,
  signal: AbortSignal | undefined,
): boolean {
  if (Object.getPrototypeOf(response) !== Response.prototype) return false;
  // JSON answers only. Streams keep a Response of their own: once undici's
  // state held the observed stream, undici would keep it reachable for as
  // long as the connection lives, and a stream the app dropped mid-way could
  // not be found unreachable (and reported) by the GC.
  if (!isJson(response.headers.get('content-type'))) return false;
  const state = bodyState(response, body);
  if (state === undefined) return false;
  prototype ??= createPrototype();
  const place: InPlace = {
    sink,
    signal,
    body: state,
    swapped: false,
    consumed: false,
  };
  (response as Observed)[kInPlace] = place;
  Object.setPrototypeOf(response, prototype);
  unread.register(response, sink, place);
  return true;
}
