// The configuration every layer reads, after options and env were merged and
// validated once at start-up.

import type { ContentCaptureMode, SemconvVersion } from '../types.js';

export interface ResolvedConfig {
  readonly openAICompatibleBaseUrls: readonly URL[];
  readonly contentMode: ContentCaptureMode;
  /** True when content goes on spans (SPAN_ONLY, SPAN_AND_EVENT). */
  readonly contentOnSpans: boolean;
  /** True when content goes on events (EVENT_ONLY, SPAN_AND_EVENT). */
  readonly contentOnEvents: boolean;
  readonly maxContentLength: number;
  readonly semconv: SemconvVersion;
  readonly flushTimeoutMillis: number;
}

export const DEFAULT_MAX_CONTENT_LENGTH = 64 * 1024;
export const DEFAULT_FLUSH_TIMEOUT_MILLIS = 500;

export const DEFAULT_CONFIG: ResolvedConfig = {
  openAICompatibleBaseUrls: [],
  contentMode: 'NO_CONTENT',
  contentOnSpans: false,
  contentOnEvents: false,
  maxContentLength: DEFAULT_MAX_CONTENT_LENGTH,
  semconv: 'v1.41',
  flushTimeoutMillis: DEFAULT_FLUSH_TIMEOUT_MILLIS,
};
