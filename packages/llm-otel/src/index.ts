// Public API of @x/llm-otel. Named exports only.

export { startLlmOtel } from './sdk/start-llm-otel.js';
export { instrumentLlmCalls } from './sdk/instrument-llm-calls.js';
export { createLlmSampler } from './telemetry/llm-sampler.js';
export { withFeature, normaliseFeature } from './telemetry/feature.js';
export { drainDeferredWork } from './telemetry/deferred-work.js';
export {
  ATTR_LLM_OTEL_ATTEMPT,
  ATTR_LLM_OTEL_FEATURE,
  ATTR_LLM_OTEL_OUTCOME,
  ATTR_LLM_OTEL_SAMPLED,
  ATTR_LLM_OTEL_SUPERSEDED,
  BAGGAGE_KEY_FEATURE,
  LLM_OTEL_FEATURE_VALUE_UNATTRIBUTED,
} from './telemetry/semconv.js';
export type {
  ContentCaptureMode,
  InstrumentOptions,
  LlmOtelHandle,
  LlmOtelOptions,
  SemconvVersion,
  StartOptions,
} from './types.js';
