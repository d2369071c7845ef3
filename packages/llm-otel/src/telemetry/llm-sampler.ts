// Our LLM spans are always recorded and exported, so the Collector can count
// every call; when the app's own sampler would have dropped one, it carries
// `llm_otel.sampled=false` and the Collector drops it after counting (contract
// §1). Every other span is sampled exactly as the wrapped sampler decides.

import type { Attributes, Context, Link, SpanKind } from '@opentelemetry/api';
import {
  AlwaysOnSampler,
  ParentBasedSampler,
  SamplingDecision,
} from '@opentelemetry/sdk-trace-base';
import type { Sampler, SamplingResult } from '@opentelemetry/sdk-trace-base';
import { ATTR_LLM_OTEL_FEATURE, ATTR_LLM_OTEL_SAMPLED } from './semconv.js';

class LlmSampler implements Sampler {
  constructor(private readonly base: Sampler) {}

  shouldSample(
    ctx: Context,
    traceId: string,
    spanName: string,
    spanKind: SpanKind,
    attributes: Attributes,
    links: Link[],
  ): SamplingResult {
    const result = this.base.shouldSample(
      ctx,
      traceId,
      spanName,
      spanKind,
      attributes,
      links,
    );
    // Our spans, and only ours, carry llm_otel.feature from creation.
    if (
      result.decision === SamplingDecision.RECORD_AND_SAMPLED ||
      attributes[ATTR_LLM_OTEL_FEATURE] === undefined
    )
      return result;
    const forced: SamplingResult = {
      decision: SamplingDecision.RECORD_AND_SAMPLED,
      attributes: { ...result.attributes, [ATTR_LLM_OTEL_SAMPLED]: false },
    };
    return result.traceState === undefined
      ? forced
      : { ...forced, traceState: result.traceState };
  }

  toString(): string {
    return `LlmSampler{${this.base.toString()}}`;
  }
}

/**
 * Wraps `base` (default: the SDK default, parent-based always-on) so that LLM
 * spans are always exported, marked `llm_otel.sampled=false` when `base`
 * would have dropped them. For apps that configure their own SDK:
 * `new NodeSDK({ sampler: createLlmSampler(mySampler) })`.
 */
export function createLlmSampler(base?: Sampler): Sampler {
  return new LlmSampler(
    base ?? new ParentBasedSampler({ root: new AlwaysOnSampler() }),
  );
}
