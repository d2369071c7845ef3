// The metric instruments, in the v1.41 shape (default) or the latest
// semantic-conventions-genai shape (opt-in). Attributes are an explicit
// allow-list built by the caller: no ids, no content.

import type { Attributes, Histogram, Meter, Counter } from '@opentelemetry/api';
import type { OperationName, Usage } from '../providers/types.js';
import type { SemconvVersion } from '../types.js';
import type {
  HistogramSeries,
  PreAggregatedHistogram,
} from './pre-aggregated-histogram.js';
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_TOKEN_MODALITY,
  ATTR_GEN_AI_TOKEN_TYPE,
  DURATION_BUCKETS,
  GEN_AI_TOKEN_MODALITY_VALUE_UNKNOWN,
  GEN_AI_TOKEN_TYPE_VALUE_INPUT,
  GEN_AI_TOKEN_TYPE_VALUE_OUTPUT,
  METRIC_GEN_AI_CLIENT_EMBEDDINGS_DURATION,
  METRIC_GEN_AI_CLIENT_EMBEDDINGS_OPERATION_INPUT_TOKENS,
  METRIC_GEN_AI_CLIENT_INFERENCE_DURATION,
  METRIC_GEN_AI_CLIENT_INFERENCE_OPERATION_INPUT_TOKENS,
  METRIC_GEN_AI_CLIENT_INFERENCE_OPERATION_OUTPUT_TOKENS,
  METRIC_GEN_AI_CLIENT_INFERENCE_TIME_PER_OUTPUT_CHUNK,
  METRIC_GEN_AI_CLIENT_INFERENCE_TIME_TO_FIRST_CHUNK,
  METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_CACHE_READ_INPUT_TOKENS,
  METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_CACHE_WRITE_INPUT_TOKENS,
  METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_INPUT_TOKENS,
  METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_OUTPUT_TOKENS,
  METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_REASONING_OUTPUT_TOKENS,
  METRIC_GEN_AI_CLIENT_OPERATION_DURATION,
  METRIC_GEN_AI_CLIENT_OPERATION_TIME_PER_OUTPUT_CHUNK,
  METRIC_GEN_AI_CLIENT_OPERATION_TIME_TO_FIRST_CHUNK,
  METRIC_GEN_AI_CLIENT_TOKEN_USAGE,
  TOKEN_BUCKETS,
} from './semconv.js';

/** Everything the metrics need about one finished attempt. */
export interface AttemptMetrics {
  readonly operation: OperationName;
  /** Allow-listed attributes common to every metric of this attempt. */
  readonly attributes: Attributes;
  readonly durationSeconds: number;
  readonly errorType?: string;
  readonly timeToFirstChunkSeconds?: number;
  /** Gaps between output chunks not yet recorded through chunkGaps(). */
  readonly chunkGapsSeconds: readonly number[];
  readonly usage?: Usage;
}

export interface LlmMetrics {
  record(attempt: AttemptMetrics): void;
  /**
   * Where a stream records the gaps between its output chunks (seconds) as
   * they are timed: a long stream's gaps recorded all at its end would be
   * one burst of work. Resolve once per stream, record per chunk.
   */
  chunkGaps(operation: OperationName, attributes: Attributes): HistogramSeries;
}

/** One metric: name, unit, description, buckets; also feeds the README table. */
export interface MetricSpec {
  readonly name: string;
  readonly kind: 'histogram' | 'counter';
  readonly unit: 's' | '{token}';
  readonly description: string;
}

const seconds = (name: string, description: string): MetricSpec => ({
  name,
  kind: 'histogram',
  unit: 's',
  description,
});
const tokens = (
  name: string,
  kind: MetricSpec['kind'],
  description: string,
): MetricSpec => ({ name, kind, unit: '{token}', description });

export const V141_METRICS = {
  duration: seconds(
    METRIC_GEN_AI_CLIENT_OPERATION_DURATION,
    'Duration of one LLM HTTP attempt (every operation).',
  ),
  ttfc: seconds(
    METRIC_GEN_AI_CLIENT_OPERATION_TIME_TO_FIRST_CHUNK,
    'Time from request start to the first output chunk (streams).',
  ),
  perChunk: seconds(
    METRIC_GEN_AI_CLIENT_OPERATION_TIME_PER_OUTPUT_CHUNK,
    'Time between consecutive output chunks after the first (streams).',
  ),
  tokenUsage: tokens(
    METRIC_GEN_AI_CLIENT_TOKEN_USAGE,
    'histogram',
    'Input and output tokens per attempt, by gen_ai.token.type.',
  ),
} as const;

export const LATEST_METRICS = {
  inferenceDuration: seconds(
    METRIC_GEN_AI_CLIENT_INFERENCE_DURATION,
    'Duration of one inference attempt (chat, text_completion, generate_content).',
  ),
  ttfc: seconds(
    METRIC_GEN_AI_CLIENT_INFERENCE_TIME_TO_FIRST_CHUNK,
    'Time from request start to the first output chunk (streams).',
  ),
  perChunk: seconds(
    METRIC_GEN_AI_CLIENT_INFERENCE_TIME_PER_OUTPUT_CHUNK,
    'Time between consecutive output chunks after the first (streams).',
  ),
  usageInput: tokens(
    METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_INPUT_TOKENS,
    'counter',
    'Input tokens (incl. cache), every inference, 0 when unknown.',
  ),
  usageOutput: tokens(
    METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_OUTPUT_TOKENS,
    'counter',
    'Output tokens (incl. reasoning), every inference, 0 when unknown.',
  ),
  usageCacheRead: tokens(
    METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_CACHE_READ_INPUT_TOKENS,
    'counter',
    'Cache-read input tokens, when the provider reports them.',
  ),
  usageCacheWrite: tokens(
    METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_CACHE_WRITE_INPUT_TOKENS,
    'counter',
    'Cache-write input tokens, when the provider reports them.',
  ),
  usageReasoning: tokens(
    METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_REASONING_OUTPUT_TOKENS,
    'counter',
    'Reasoning output tokens, when the provider reports them.',
  ),
  operationInput: tokens(
    METRIC_GEN_AI_CLIENT_INFERENCE_OPERATION_INPUT_TOKENS,
    'histogram',
    'Input tokens per successful inference.',
  ),
  operationOutput: tokens(
    METRIC_GEN_AI_CLIENT_INFERENCE_OPERATION_OUTPUT_TOKENS,
    'histogram',
    'Output tokens per successful inference.',
  ),
  embeddingsDuration: seconds(
    METRIC_GEN_AI_CLIENT_EMBEDDINGS_DURATION,
    'Duration of one embeddings attempt.',
  ),
  embeddingsInput: tokens(
    METRIC_GEN_AI_CLIENT_EMBEDDINGS_OPERATION_INPUT_TOKENS,
    'histogram',
    'Input tokens per successful embeddings call.',
  ),
  operationDuration: seconds(
    METRIC_GEN_AI_CLIENT_OPERATION_DURATION,
    'Duration of other operations (fetch_response).',
  ),
} as const;

function histogram(meter: Meter, spec: MetricSpec): Histogram {
  return meter.createHistogram(spec.name, {
    unit: spec.unit,
    description: spec.description,
    advice: {
      explicitBucketBoundaries: [
        ...(spec.unit === 's' ? DURATION_BUCKETS : TOKEN_BUCKETS),
      ],
    },
  });
}

function counter(meter: Meter, spec: MetricSpec): Counter {
  return meter.createCounter(spec.name, {
    unit: spec.unit,
    description: spec.description,
  });
}

function withError(attributes: Attributes, errorType?: string): Attributes {
  return errorType === undefined
    ? attributes
    : { ...attributes, [ATTR_ERROR_TYPE]: errorType };
}

/** Series of time_per_output_chunk for an attribute set. */
type ChunkGapSeriesOf = (attributes: Attributes) => HistogramSeries;

const NO_SERIES: HistogramSeries = { record: () => undefined };

function chunkGapSeries(
  meter: Meter,
  spec: MetricSpec,
  preAggregated: PreAggregatedHistogram | undefined,
): ChunkGapSeriesOf {
  if (preAggregated !== undefined) return a => preAggregated.series(a);
  const perChunk = histogram(meter, spec);
  return attributes => ({
    record: seconds => perChunk.record(seconds, attributes),
  });
}

function recordChunks(
  ttfc: Histogram,
  perChunk: ChunkGapSeriesOf,
  attempt: AttemptMetrics,
): void {
  if (attempt.timeToFirstChunkSeconds === undefined) return;
  ttfc.record(attempt.timeToFirstChunkSeconds, attempt.attributes);
  if (attempt.chunkGapsSeconds.length === 0) return;
  const series = perChunk(attempt.attributes);
  for (const gap of attempt.chunkGapsSeconds) series.record(gap);
}

function createV141(
  meter: Meter,
  preAggregated: PreAggregatedHistogram | undefined,
): LlmMetrics {
  const duration = histogram(meter, V141_METRICS.duration);
  const ttfc = histogram(meter, V141_METRICS.ttfc);
  const perChunk = chunkGapSeries(meter, V141_METRICS.perChunk, preAggregated);
  const tokenUsage = histogram(meter, V141_METRICS.tokenUsage);
  return {
    chunkGaps: (_operation, attributes) => perChunk(attributes),
    record(attempt) {
      duration.record(
        attempt.durationSeconds,
        withError(attempt.attributes, attempt.errorType),
      );
      recordChunks(ttfc, perChunk, attempt);
      if (attempt.operation === 'fetch_response') return;
      const usage = attempt.usage;
      if (usage?.inputTokens !== undefined)
        tokenUsage.record(usage.inputTokens, {
          ...attempt.attributes,
          [ATTR_GEN_AI_TOKEN_TYPE]: GEN_AI_TOKEN_TYPE_VALUE_INPUT,
        });
      if (usage?.outputTokens !== undefined)
        tokenUsage.record(usage.outputTokens, {
          ...attempt.attributes,
          [ATTR_GEN_AI_TOKEN_TYPE]: GEN_AI_TOKEN_TYPE_VALUE_OUTPUT,
        });
    },
  };
}

/** Operations the latest conventions time per chunk (see record()). */
function isInference(operation: OperationName): boolean {
  return operation !== 'fetch_response' && operation !== 'embeddings';
}

function createLatest(
  meter: Meter,
  preAggregated: PreAggregatedHistogram | undefined,
): LlmMetrics {
  const m = LATEST_METRICS;
  const inferenceDuration = histogram(meter, m.inferenceDuration);
  const ttfc = histogram(meter, m.ttfc);
  const perChunk = chunkGapSeries(meter, m.perChunk, preAggregated);
  const usageInput = counter(meter, m.usageInput);
  const usageOutput = counter(meter, m.usageOutput);
  const usageCacheRead = counter(meter, m.usageCacheRead);
  const usageCacheWrite = counter(meter, m.usageCacheWrite);
  const usageReasoning = counter(meter, m.usageReasoning);
  const operationInput = histogram(meter, m.operationInput);
  const operationOutput = histogram(meter, m.operationOutput);
  const embeddingsDuration = histogram(meter, m.embeddingsDuration);
  const embeddingsInput = histogram(meter, m.embeddingsInput);
  const operationDuration = histogram(meter, m.operationDuration);

  return {
    chunkGaps: (operation, attributes) =>
      isInference(operation) ? perChunk(attributes) : NO_SERIES,
    record(attempt) {
      const { attributes, usage, errorType } = attempt;
      const failed = errorType !== undefined;
      switch (attempt.operation) {
        case 'fetch_response':
          operationDuration.record(
            attempt.durationSeconds,
            withError(attributes, errorType),
          );
          return;
        case 'embeddings':
          embeddingsDuration.record(
            attempt.durationSeconds,
            withError(attributes, errorType),
          );
          if (!failed && usage?.inputTokens !== undefined)
            embeddingsInput.record(usage.inputTokens, attributes);
          return;
        default: {
          inferenceDuration.record(
            attempt.durationSeconds,
            withError(attributes, errorType),
          );
          recordChunks(ttfc, perChunk, attempt);
          // Counters count every inference, 0 when usage is unknown (#374).
          const modal = {
            ...attributes,
            [ATTR_GEN_AI_TOKEN_MODALITY]: GEN_AI_TOKEN_MODALITY_VALUE_UNKNOWN,
          };
          usageInput.add(usage?.inputTokens ?? 0, modal);
          usageOutput.add(usage?.outputTokens ?? 0, modal);
          if (usage?.cacheReadInputTokens !== undefined)
            usageCacheRead.add(usage.cacheReadInputTokens, modal);
          if (usage?.cacheWriteInputTokens !== undefined)
            usageCacheWrite.add(usage.cacheWriteInputTokens, modal);
          if (usage?.reasoningOutputTokens !== undefined)
            usageReasoning.add(usage.reasoningOutputTokens, modal);
          // Histograms only for successful operations (#530).
          if (!failed && usage?.inputTokens !== undefined)
            operationInput.record(usage.inputTokens, attributes);
          if (!failed && usage?.outputTokens !== undefined)
            operationOutput.record(usage.outputTokens, attributes);
        }
      }
    },
  };
}

/** The time_per_output_chunk metric of a semconv version. */
export function chunkGapSpec(version: SemconvVersion): MetricSpec {
  return version === 'latest' ? LATEST_METRICS.perChunk : V141_METRICS.perChunk;
}

/**
 * The instruments. `preAggregated`, when given, takes time_per_output_chunk
 * (see pre-aggregated-histogram.ts); it must be made for chunkGapSpec().
 */
export function createLlmMetrics(
  meter: Meter,
  version: SemconvVersion,
  preAggregated?: PreAggregatedHistogram,
): LlmMetrics {
  return version === 'latest'
    ? createLatest(meter, preAggregated)
    : createV141(meter, preAggregated);
}
