// The contract between the recorder and the provider wire-format parsers.
//
// Parsers are pure: they take a URL, headers and bytes, and return facts. They
// know nothing of OpenTelemetry; the telemetry layer maps facts to attribute
// names. A parser never throws: on input it cannot read it returns what it has.

/** Values of gen_ai.operation.name that the HTTP layer can recognise. */
export type OperationName =
  | 'chat'
  | 'text_completion'
  | 'generate_content'
  | 'embeddings'
  | 'fetch_response';

/** Which wire format a request speaks: picks the request and response parser. */
export type WireApi =
  | 'openai.chat'
  | 'openai.responses'
  | 'openai.completions'
  | 'openai.embeddings'
  | 'anthropic.messages'
  | 'gemini.generate'
  | 'gemini.embed'
  | 'bedrock.converse'
  | 'bedrock.invoke'
  | 'cohere.chat'
  | 'cohere.embed'
  | 'ollama.chat'
  | 'ollama.generate'
  | 'ollama.embed'
  | 'mistral.conversations'
  | 'vercel.gateway.language'
  | 'vercel.gateway.embedding'
  | 'watsonx.chat'
  | 'watsonx.generation'
  | 'watsonx.embeddings'
  | 'oci.chat'
  | 'oci.embed'
  | 'oci.generate';

export interface ProviderMatch {
  /** gen_ai.provider.name: a well-known value, or our own for unlisted ones. */
  readonly provider: string;
  readonly operation: OperationName;
  readonly api: WireApi;
  /** Model taken from the URL (Gemini, Bedrock, Azure deployment), if any. */
  readonly model?: string;
  /** gen_ai.conversation.id from the URL (Mistral's append and restart). */
  readonly conversationId?: string;
  /**
   * True when the URL (streamGenerateContent, converse-stream) or a header
   * (the Vercel AI Gateway's) says the response is a stream.
   */
  readonly streamFromUrl?: boolean;
  /**
   * True when only the path matched on an unknown host (OpenAI-compatible
   * traffic): the recorder must confirm with `parseRequest()` returning facts
   * with a model before it records anything.
   */
  readonly confirmByBody: boolean;
}

export interface MatchOptions {
  /** Extra base URLs the user declared as OpenAI-compatible (option or env). */
  readonly openAICompatibleBaseUrls: readonly URL[];
}

/** Token usage, normalised to the semconv meaning. */
export interface Usage {
  /** All input tokens, including cache read and cache write (semconv rule). */
  inputTokens?: number;
  /** All output tokens, including reasoning. */
  outputTokens?: number;
  cacheReadInputTokens?: number;
  cacheWriteInputTokens?: number;
  reasoningOutputTokens?: number;
}

/** One message in the gen_ai.input.messages / gen_ai.output.messages JSON shape. */
export interface MessagePart {
  readonly type: string;
  readonly [key: string]: unknown;
}
export interface ChatMessage {
  readonly role: string;
  readonly parts: readonly MessagePart[];
  readonly name?: string;
  readonly finish_reason?: string;
}

export interface RequestFacts {
  model?: string;
  /**
   * gen_ai.provider.name when the request names a provider other than the
   * match's: a gateway model id such as `openai/gpt-5`.
   */
  provider?: string;
  stream?: boolean;
  temperature?: number;
  topP?: number;
  topK?: number;
  maxTokens?: number;
  frequencyPenalty?: number;
  presencePenalty?: number;
  stopSequences?: string[];
  seed?: number;
  choiceCount?: number;
  /** gen_ai.output.type: text | json | image | speech */
  outputType?: string;
  reasoningLevel?: string;
  encodingFormats?: string[];
  serviceTier?: string;
  previousResponseId?: string;
  conversationId?: string;
  /** Only filled when content capture is on. */
  inputMessages?: ChatMessage[];
  systemInstructions?: MessagePart[];
  toolDefinitions?: MessagePart[];
}

export interface ResponseFacts {
  responseId?: string;
  /** gen_ai.conversation.id when the response names it (a started conversation). */
  conversationId?: string;
  responseModel?: string;
  finishReasons?: string[];
  usage?: Usage;
  /** Low-cardinality error code from the body (provider error type/code). */
  errorType?: string;
  embeddingsDimension?: number;
  serviceTier?: string;
  systemFingerprint?: string;
  /** False when a stream ended before its terminal event (cut stream). */
  complete: boolean;
  /**
   * The 2xx body, or an event of the stream, was not the JSON object it
   * should be (common/unparsed.ts).
   */
  malformed?: boolean;
  /** Only filled when content capture is on. */
  outputMessages?: ChatMessage[];
}

export interface ResponseMeta {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
}

export interface ParseOptions {
  readonly captureContent: boolean;
}

export interface ResponseParser {
  /**
   * Feed the next bytes, as they arrive. Returns how many output chunks
   * (events carrying generated content) completed in these bytes, so the
   * recorder can time the first chunk and the gaps between chunks.
   */
  push(chunk: Uint8Array): number;
  /**
   * The response model as far as the bytes pushed so far name it (what
   * finish() will report), or null when this response never names one.
   * Lets the recorder record chunk timings while a stream runs; absent or
   * undefined means only finish() knows.
   */
  responseModel?(): string | null | undefined;
  /** The body ended (or was cut: `cut` true). Returns everything learned. */
  finish(cut: boolean): ResponseFacts;
}

export interface ProviderModule {
  match(
    method: string,
    url: URL,
    headers: Readonly<Record<string, string>>,
    options: MatchOptions,
  ): ProviderMatch | undefined;
  /** Returns undefined when the body is not of the expected shape. */
  parseRequest(
    match: ProviderMatch,
    body: Uint8Array | string | undefined,
    options: ParseOptions,
  ): RequestFacts | undefined;
  createResponseParser(
    match: ProviderMatch,
    request: RequestFacts,
    response: ResponseMeta,
    options: ParseOptions,
  ): ResponseParser;
}
