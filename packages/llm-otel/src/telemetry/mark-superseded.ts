// Dedup with SDK-native gen_ai spans (@anthropic-ai/sdk's call span, Vercel
// ai's doGenerate, @opentelemetry/instrumentation-openai): when the span that
// is active as our attempt begins is a recording span of another
// instrumentation that carries gen_ai attributes, we mark it
// `llm_otel.superseded=true`. Metrics count only our HTTP-level span.

import type { Span } from '@opentelemetry/api';
import { ATTR_LLM_OTEL_FEATURE, ATTR_LLM_OTEL_SUPERSEDED } from './semconv.js';

/** The SDK span's attributes, when the span object exposes them. */
function attributesOf(span: Span): Record<string, unknown> | undefined {
  const attributes = (span as unknown as { attributes?: unknown }).attributes;
  return attributes !== null && typeof attributes === 'object'
    ? (attributes as Record<string, unknown>)
    : undefined;
}

/**
 * True when `parent` is another instrumentation's open gen_ai span, not yet
 * marked: what markSuperseded would mark.
 */
export function maySupersede(parent: Span | undefined): parent is Span {
  if (parent === undefined || !parent.isRecording()) return false;
  const attributes = attributesOf(parent);
  if (attributes === undefined) return false;
  // Ours carry llm_otel.feature from the start; never mark our own.
  if (ATTR_LLM_OTEL_FEATURE in attributes) return false;
  if (ATTR_LLM_OTEL_SUPERSEDED in attributes) return false;
  for (const key in attributes) if (key.startsWith('gen_ai.')) return true;
  return false;
}

export function markSuperseded(parent: Span | undefined): void {
  if (maySupersede(parent)) parent.setAttribute(ATTR_LLM_OTEL_SUPERSEDED, true);
}
