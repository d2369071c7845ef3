// The contract between the capture layer (fetch, undici channels, node:http,
// node:http2) and the recorder that turns one HTTP attempt into telemetry.
//
// Capture code knows HTTP and nothing about LLMs. For every outgoing request it
// calls `recorder.begin()`; the recorder answers `undefined` for traffic that is
// not an LLM call (decided from method, URL and headers only, before any body
// work), and capture then does nothing more for that request. For LLM traffic
// it gets a sink and reports what passes, as it passes: capture never buffers a
// body for the recorder and never waits for it.
//
// Every sink method must be called inside try/catch by capture code: telemetry
// must never throw into the app.

/** Which capture layer saw the request. One attempt is reported by one layer. */
export type CaptureLayer = 'fetch' | 'undici' | 'http' | 'http2';

export interface OutgoingRequest {
  readonly layer: CaptureLayer;
  /** Upper-case HTTP method. */
  readonly method: string;
  /** Full URL, unsanitised. The recorder sanitises before anything is exported. */
  readonly url: URL;
  /** Header names lower-cased. Multiple values joined with ', '. */
  readonly headers: Readonly<Record<string, string>>;
  /**
   * The request body when capture has it without extra work (a string or bytes
   * passed to fetch, for example). Streamed bodies arrive via
   * `ExchangeSink.requestBody()` instead.
   */
  readonly body?: Uint8Array | string;
  /** performance.now() at the time the app issued the request. */
  readonly startTime: number;
}

/**
 * Response headers (names lower-cased, values joined with ', '): the record,
 * or a function that makes it when the recorder first needs it, off the
 * app's path. Only headers that cannot change come as a function: a fetch
 * Response's.
 */
export type ResponseHeaders =
  Readonly<Record<string, string>> | (() => Readonly<Record<string, string>>);

export interface ExchangeSink {
  /** A piece of the request body (only for bodies not given in `begin`). */
  requestBody(chunk: Uint8Array | string): void;
  /** The request body is complete. */
  requestBodyEnd(): void;
  /** Status line and headers arrived (header names lower-cased). */
  responseHeaders(status: number, headers: ResponseHeaders): void;
  /**
   * A piece of the response body, in the order received, as it passes.
   * The recorder may keep this view until it parses it (off the app's path),
   * so capture hands over bytes that nobody changes or detaches afterwards: a
   * fresh read from the socket, or capture's own copy where the app's bytes
   * are transferred (a byte stream's enqueue). `receivedAt` is the
   * performance.now() of its arrival when that was before this call (chunks
   * capture held back and passes on later).
   */
  responseChunk(chunk: Uint8Array, receivedAt?: number): void;
  /**
   * Capture cannot see this response's body (an undici that publishes no
   * body chunks, a content-encoding it cannot decode): the recorder gets
   * the headers and the end only, and reads nothing into a body it did not
   * get. Before the terminal call.
   */
  responseBodyHidden(): void;
  /** The response body ended normally. Terminal. */
  end(): void;
  /**
   * The exchange failed. Terminal. `reason` says how:
   * - 'abort': the app aborted (AbortSignal, destroy by the app) — a cancellation, not an error;
   * - 'timeout': a client-side timeout fired;
   * - 'network': connection refused/reset, cut stream, DNS failure, …
   */
  fail(reason: FailReason, error?: unknown): void;
}

export type FailReason = 'abort' | 'timeout' | 'network';

export interface ExchangeRecorder {
  /** Returns undefined when the request is not LLM traffic: capture then ignores it. */
  begin(request: OutgoingRequest): ExchangeSink | undefined;
  /**
   * False when begin() would surely decline a request with this method and
   * URL, whatever its headers and body: capture then leaves it alone at once,
   * without reading headers or wrapping anything. Optional: absent means
   * "maybe", and begin() decides.
   */
  mayRecord?(method: string, url: URL): boolean;
}
