// Public types of @x/llm-otel. Internal shapes live next to their code.

import type { MeterProvider, TracerProvider } from '@opentelemetry/api';
import type { LoggerProvider } from '@opentelemetry/api-logs';

/**
 * Where prompt and completion content is recorded. Values of the GenAI
 * conventions' OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT.
 */
export type ContentCaptureMode =
  'NO_CONTENT' | 'SPAN_ONLY' | 'EVENT_ONLY' | 'SPAN_AND_EVENT';

/**
 * Which gen_ai names to emit: the semantic-conventions v1.41 release, or the
 * latest development names of semantic-conventions-genai.
 */
export type SemconvVersion = 'v1.41' | 'latest';

/** Options shared by `startLlmOtel` and `instrumentLlmCalls`. */
export interface LlmOtelOptions {
  /**
   * Extra base URLs that speak the OpenAI wire format (self-hosted gateways,
   * proxies). Calls under them are recorded without checking the body shape.
   * Env: LLM_OTEL_OPENAI_COMPATIBLE_BASE_URLS (comma-separated). The option
   * and the env var are merged.
   */
  openAICompatibleBaseUrls?: readonly string[];
  /**
   * Content capture. Default `NO_CONTENT`.
   * Env: OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT (the option wins).
   */
  captureMessageContent?: ContentCaptureMode;
  /**
   * Largest JSON string recorded for one content attribute, in UTF-16 code
   * units; larger content is shortened and stays valid JSON. Default 65536.
   * Env: LLM_OTEL_MAX_CONTENT_LENGTH.
   */
  maxContentLength?: number;
  /**
   * gen_ai names to emit. Default `v1.41`; `latest` when
   * OTEL_SEMCONV_STABILITY_OPT_IN contains gen_ai_latest_experimental.
   */
  semconv?: SemconvVersion;
}

/** Options of `startLlmOtel` (the SDK that register starts). */
export interface StartOptions extends LlmOtelOptions {
  /** service.name; env OTEL_SERVICE_NAME wins over the default, this over both. */
  serviceName?: string;
  /**
   * Upper bound for the flush at exit (beforeExit, SIGTERM), in ms. Default
   * 500. Env: LLM_OTEL_FLUSH_TIMEOUT_MILLIS.
   */
  flushTimeoutMillis?: number;
}

/** Options of `instrumentLlmCalls` for apps that run their own OTel SDK. */
export interface InstrumentOptions extends LlmOtelOptions {
  /** Defaults to the global tracer provider. */
  tracerProvider?: TracerProvider;
  /** Defaults to the global meter provider. */
  meterProvider?: MeterProvider;
  /** For content events; defaults to the global logger provider. */
  loggerProvider?: LoggerProvider;
}

/** What `startLlmOtel` returns. */
export interface LlmOtelHandle {
  /** `sdk`: we started the OTel SDK; `existing`: we joined the app's. `disabled`: OTEL_SDK_DISABLED. */
  readonly mode: 'sdk' | 'existing' | 'disabled';
  /** Exports everything recorded so far. Never rejects. */
  forceFlush(): Promise<void>;
  /** Stops capture and, in `sdk` mode, shuts the SDK down. Never rejects. */
  shutdown(): Promise<void>;
}
