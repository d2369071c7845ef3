// The contract between the server core and the provider modules.
//
// A provider module is a pure function of a parsed request: it returns a
// description of the response (status, headers and either one body or a list
// of stream chunks). The core writes it, applying scenario timing (latency,
// time to first token, inter-chunk delay) and faults (errors, hangs, cut or
// corrupted bodies) the same way for every provider. Handlers never touch a
// socket, so they work unchanged over HTTP/1.1 and HTTP/2.
//
// Routing (src/server/routes.ts) fills `MockRequest.params`. AWS Bedrock
// Runtime paths `/model/{modelId}/{operation}` go to `bedrockHandler`, exported
// from src/providers/bedrock/index.ts, with:
//   params.model      the URL-decoded modelId
//   params.operation  'converse' | 'converse-stream' | 'invoke' |
//                     'invoke-with-response-stream'

/** Response headers: lower-case names, single string values. */
export type MockHeaders = Record<string, string>;

/** A whole response written at once (after latency + ttft). */
export interface MockBodyResponse {
  readonly status: number;
  readonly headers: MockHeaders;
  readonly body: Buffer;
}

/** A streamed response: status and headers first, then each chunk in turn. */
export interface MockStreamResponse {
  readonly status: number;
  readonly headers: MockHeaders;
  readonly chunks: readonly Buffer[];
  /**
   * Index of the first chunk that carries generated content: the core waits
   * `ttft` before it, and `chunkDelay` before each later chunk. Default 0.
   */
  readonly firstTokenChunk?: number;
}

export type MockResponse = MockBodyResponse | MockStreamResponse;

/** Token usage in provider-neutral terms; each provider maps it to its fields. */
export interface MockUsage {
  /** Fresh (uncached) input tokens: the word count rule in README.md. */
  readonly inputTokens: number;
  readonly cacheReadTokens: number;
  readonly cacheWriteTokens: number;
  /** Visible output tokens: one per generated word. */
  readonly outputTokens: number;
  readonly reasoningTokens: number;
}

/** What the response should contain, decided by the core before the handler runs. */
export interface GenerationPlan {
  readonly seed: number;
  /** Generated words, one per output token. */
  readonly words: readonly string[];
  /** `words.join(' ')`. */
  readonly text: string;
  /** The text split into stream pieces; `pieces.join('') === text`. */
  readonly pieces: readonly string[];
  /** Usage for ONE choice/candidate. */
  readonly usage: MockUsage;
  /** Lower-case hex, deterministic from seed, path and body. Prefix it per provider. */
  readonly id: string;
  /** Unix seconds, fixed (see README). */
  readonly created: number;
  /** False when the scenario says `tools=off`: answer in text even if tools were sent. */
  readonly toolCalls: boolean;
}

/** A parsed request as handlers see it. */
export interface MockRequest {
  readonly method: string;
  /** Path without the query string. */
  readonly path: string;
  readonly query: URLSearchParams;
  /** Lower-case names; repeated headers joined with ', '. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
  /** Parsed JSON body; undefined when empty or not JSON (see jsonError). */
  readonly json: unknown;
  /** True when a non-empty body did not parse as JSON. */
  readonly jsonError: boolean;
  /** Values captured by the route (model, operation, deployment...). */
  readonly params: Readonly<Record<string, string>>;
  /** Model from the URL (params.model), a header, or the body (`model`; OCI `servingMode`), as sent. */
  readonly model: string | undefined;
  readonly plan: GenerationPlan;
}

/** Server-side errors the scenario can inject; each provider renders its own shape. */
export type FaultKind =
  'rate_limit' | 'server_error' | 'unavailable' | 'overloaded';

export interface ProviderHandler {
  /** Short provider id, used in logs and the request log. */
  readonly provider: string;
  /** Build the response (success, or the provider's 4xx for a bad request). */
  handle(req: MockRequest): MockResponse;
  /**
   * Render an injected fault (429, 500, 503, overloaded) in the provider's
   * error shape. `retryAfter` is in seconds (may be fractional); it is always
   * set for rate limits, and for the others only when the scenario sets
   * retry_after. Put it in the provider's header(s).
   */
  fault(
    req: MockRequest,
    kind: FaultKind,
    retryAfter: number | undefined,
  ): MockResponse;
  /**
   * The provider's in-stream error event (fault=stream_error): the core sends
   * half the stream, then this chunk, then ends the response. Without it the
   * stream is cut instead.
   */
  streamError?(req: MockRequest): Buffer;
  /** Realistic rate-limit headers added to every successful response. */
  rateLimitHeaders?(req: MockRequest): MockHeaders;
}
