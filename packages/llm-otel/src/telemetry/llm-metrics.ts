// The metric instruments, in the v1.41 shape (default) or the latest
// semantic-conventions-genai shape (opt-in). Attributes are an explicit
// allow-list built by the caller: no ids, no content. Instruments are
// aggregated by us where the MeterProvider allows it (PreAggregatedMetrics:
// the SDK's record() would hash the attributes each time, and its reader
// cannot be collected at a process.exit()); on other providers by the SDK.

import type { Attributes, Counter, Histogram, Meter } from '@opentelemetry/api';
import type { OperationName, Usage } from '../providers/types.js';
import type { SemconvVersion } from '../types.js';
import type { HistogramSeries } from './pre-aggregated-histogram.js';
import type { PreAggregatedMetrics } from './pre-aggregated-metrics.js';
import { SeriesKeyMemo, SeriesKeys } from './series-keys.js';
import {
  ATTR_GEN_AI_TOKEN_MODALITY,
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

function bucketsOf(spec: MetricSpec): readonly number[] {
  return spec.unit === 's' ? DURATION_BUCKETS : TOKEN_BUCKETS;
}

function histogram(meter: Meter, spec: MetricSpec): Histogram {
  return meter.createHistogram(spec.name, {
    unit: spec.unit,
    description: spec.description,
    advice: { explicitBucketBoundaries: [...bucketsOf(spec)] },
  });
}

function counter(meter: Meter, spec: MetricSpec): Counter {
  return meter.createCounter(spec.name, {
    unit: spec.unit,
    description: spec.description,
  });
}

/**
 * A histogram recorded a few times per attempt, on the attempt's attributes
 * with error.type or gen_ai.token.type added where given.
 */
interface AttemptHistogram {
  record(
    value: number,
    keys: SeriesKeys,
    errorType?: string,
    tokenType?: string,
  ): void;
  /** A series resolved once and recorded often (chunk gaps). */
  series(attributes: Attributes): HistogramSeries;
}

function attemptHistogram(
  meter: Meter,
  spec: MetricSpec,
  preAggregated: PreAggregatedMetrics | undefined,
): AttemptHistogram {
  if (preAggregated !== undefined) {
    const ours = preAggregated.histogram({
      ...spec,
      boundaries: bucketsOf(spec),
    });
    return {
      record: (value, keys, errorType, tokenType) =>
        ours.record(value, keys.key(errorType, tokenType), () =>
          keys.attributesWith(errorType, tokenType),
        ),
      // Keyed as record() keys, so both name one attribute set alike.
      series: attributes =>
        ours.series(attributes, new SeriesKeys(attributes).key()),
    };
  }
  const sdk = histogram(meter, spec);
  return {
    record: (value, keys, errorType, tokenType) =>
      sdk.record(value, keys.attributesWith(errorType, tokenType)),
    series: attributes => ({
      record: seconds => sdk.record(seconds, attributes),
    }),
  };
}

/** A counter added to once per attempt, on a set its caller keys. */
interface AttemptCounter {
  add(value: number, key: string, attributes: () => Attributes): void;
}

function attemptCounter(
  meter: Meter,
  spec: MetricSpec,
  preAggregated: PreAggregatedMetrics | undefined,
): AttemptCounter {
  if (preAggregated !== undefined) return preAggregated.sum(spec);
  const sdk = counter(meter, spec);
  return { add: (value, _key, attributes) => sdk.add(value, attributes()) };
}

const NO_SERIES: HistogramSeries = { record: () => undefined };

function recordChunks(
  ttfc: AttemptHistogram,
  perChunk: AttemptHistogram,
  attempt: AttemptMetrics,
  keys: SeriesKeys,
): void {
  if (attempt.timeToFirstChunkSeconds === undefined) return;
  ttfc.record(attempt.timeToFirstChunkSeconds, keys);
  if (attempt.chunkGapsSeconds.length === 0) return;
  const series = perChunk.series(attempt.attributes);
  for (const gap of attempt.chunkGapsSeconds) series.record(gap);
}

function createV141(
  meter: Meter,
  preAggregated: PreAggregatedMetrics | undefined,
): LlmMetrics {
  const duration = attemptHistogram(
    meter,
    V141_METRICS.duration,
    preAggregated,
  );
  const ttfc = attemptHistogram(meter, V141_METRICS.ttfc, preAggregated);
  const perChunk = attemptHistogram(
    meter,
    V141_METRICS.perChunk,
    preAggregated,
  );
  const tokenUsage = attemptHistogram(
    meter,
    V141_METRICS.tokenUsage,
    preAggregated,
  );
  const memo = new SeriesKeyMemo();
  return {
    chunkGaps: (_operation, attributes) => perChunk.series(attributes),
    record(attempt) {
      const keys = new SeriesKeys(attempt.attributes, memo);
      duration.record(attempt.durationSeconds, keys, attempt.errorType);
      recordChunks(ttfc, perChunk, attempt, keys);
      if (attempt.operation === 'fetch_response') return;
      const usage = attempt.usage;
      if (usage?.inputTokens !== undefined)
        tokenUsage.record(
          usage.inputTokens,
          keys,
          undefined,
          GEN_AI_TOKEN_TYPE_VALUE_INPUT,
        );
      if (usage?.outputTokens !== undefined)
        tokenUsage.record(
          usage.outputTokens,
          keys,
          undefined,
          GEN_AI_TOKEN_TYPE_VALUE_OUTPUT,
        );
    },
  };
}

/** Operations the latest conventions time per chunk (see record()). */
function isInference(operation: OperationName): boolean {
  return operation !== 'fetch_response' && operation !== 'embeddings';
}

function createLatest(
  meter: Meter,
  preAggregated: PreAggregatedMetrics | undefined,
): LlmMetrics {
  const m = LATEST_METRICS;
  const hist = (spec: MetricSpec): AttemptHistogram =>
    attemptHistogram(meter, spec, preAggregated);
  const inferenceDuration = hist(m.inferenceDuration);
  const ttfc = hist(m.ttfc);
  const perChunk = hist(m.perChunk);
  const count = (spec: MetricSpec): AttemptCounter =>
    attemptCounter(meter, spec, preAggregated);
  const usageInput = count(m.usageInput);
  const usageOutput = count(m.usageOutput);
  const usageCacheRead = count(m.usageCacheRead);
  const usageCacheWrite = count(m.usageCacheWrite);
  const usageReasoning = count(m.usageReasoning);
  const operationInput = hist(m.operationInput);
  const operationOutput = hist(m.operationOutput);
  const embeddingsDuration = hist(m.embeddingsDuration);
  const embeddingsInput = hist(m.embeddingsInput);
  const operationDuration = hist(m.operationDuration);

  const memo = new SeriesKeyMemo();
  return {
    chunkGaps: (operation, attributes) =>
      isInference(operation) ? perChunk.series(attributes) : NO_SERIES,
    record(attempt) {
      const { attributes, usage, errorType } = attempt;
      const keys = new SeriesKeys(attributes, memo);
      const failed = errorType !== undefined;
      switch (attempt.operation) {
        case 'fetch_response':
          operationDuration.record(attempt.durationSeconds, keys, errorType);
          return;
        case 'embeddings':
          embeddingsDuration.record(attempt.durationSeconds, keys, errorType);
          if (!failed && usage?.inputTokens !== undefined)
            embeddingsInput.record(usage.inputTokens, keys);
          return;
        default: {
          inferenceDuration.record(attempt.durationSeconds, keys, errorType);
          recordChunks(ttfc, perChunk, attempt, keys);
          // Counters count every inference, 0 when usage is unknown (#374),
          // on the attempt's set plus the modality: keyed by the set alone.
          const key = keys.key();
          let modal: Attributes | undefined;
          const modalAttributes = (): Attributes =>
            (modal ??= {
              ...attributes,
              [ATTR_GEN_AI_TOKEN_MODALITY]: GEN_AI_TOKEN_MODALITY_VALUE_UNKNOWN,
            });
          usageInput.add(usage?.inputTokens ?? 0, key, modalAttributes);
          usageOutput.add(usage?.outputTokens ?? 0, key, modalAttributes);
          if (usage?.cacheReadInputTokens !== undefined)
            usageCacheRead.add(
              usage.cacheReadInputTokens,
              key,
              modalAttributes,
            );
          if (usage?.cacheWriteInputTokens !== undefined)
            usageCacheWrite.add(
              usage.cacheWriteInputTokens,
              key,
              modalAttributes,
            );
          if (usage?.reasoningOutputTokens !== undefined)
            usageReasoning.add(
              usage.reasoningOutputTokens,
              key,
              modalAttributes,
            );
          // Histograms only for successful operations (#530).
          if (!failed && usage?.inputTokens !== undefined)
            operationInput.record(usage.inputTokens, keys);
          if (!failed && usage?.outputTokens !== undefined)
            operationOutput.record(usage.outputTokens, keys);
        }
      }
    },
  };
}

/**
 * The instruments. With `preAggregated` (see pre-aggregated-metrics.ts),
 * they are aggregated there; without, by the SDK.
 */
export function createLlmMetrics(
  meter: Meter,
  version: SemconvVersion,
  preAggregated?: PreAggregatedMetrics,
): LlmMetrics {
  return version === 'latest'
    ? createLatest(meter, preAggregated)
    : createV141(meter, preAggregated);
}
