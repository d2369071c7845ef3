// OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: the conventions' enum,
// case-insensitive. Anything else, including the legacy true/false, fails
// closed to NO_CONTENT (gen-ai-spans.md, "Content capture configuration").

import type { ContentCaptureMode } from '../types.js';

const MODES: readonly ContentCaptureMode[] = [
  'NO_CONTENT',
  'SPAN_ONLY',
  'EVENT_ONLY',
  'SPAN_AND_EVENT',
];

/** The mode, or undefined when `raw` is not one of the four values. */
export function parseContentMode(raw: string): ContentCaptureMode | undefined {
  const upper = raw.trim().toUpperCase();
  return MODES.find(mode => mode === upper);
}
