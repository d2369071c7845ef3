// Existing-SDK mode: the app set up OpenTelemetry itself; we add LLM call
// recording to its tracer and meter providers and start nothing else.

import { diag, metrics, trace } from '@opentelemetry/api';
import { logs } from '@opentelemetry/api-logs';
import { resolveConfig } from '../config/resolve-config.js';
import type { ResolvedConfig } from '../config/resolved-config.js';
import { drainDeferredWork } from '../telemetry/deferred-work.js';
import { createLlmRecorder } from '../telemetry/llm-recorder.js';
import { chunkGapSpec } from '../telemetry/llm-metrics.js';
import { PreAggregatedHistogram } from '../telemetry/pre-aggregated-histogram.js';
import {
  DURATION_BUCKETS,
  INSTRUMENTATION_SCOPE,
} from '../telemetry/semconv.js';
import type { InstrumentOptions } from '../types.js';
import { stopRecording, useRecorder } from './capture-link.js';
import { PACKAGE_VERSION } from './package-version.js';
import { sdkMetricReaders } from './sdk-metric-readers.js';

export interface Instrumented {
  readonly config: ResolvedConfig;
  /** Stops recording LLM calls and removes capture. */
  stop(): void;
}

export function logProblems(problems: readonly string[]): void {
  for (const problem of problems) diag.warn(`@x/llm-otel: ${problem}`);
}

/** Histograms already attached, by provider and metric name. */
const attachedHistograms = new WeakMap<
  object,
  Map<string, PreAggregatedHistogram>
>();

/**
 * time_per_output_chunk aggregated by us and exported through a producer on
 * each of the provider's readers, or undefined to keep the SDK instrument
 * (a provider that is not sdk-metrics', or has Views: see
 * sdk-metric-readers.ts).
 */
export function preAggregatedChunkGaps(
  meterProvider: unknown,
  config: ResolvedConfig,
): PreAggregatedHistogram | undefined {
  if (typeof meterProvider !== 'object' || meterProvider === null)
    return undefined;
  const spec = chunkGapSpec(config.semconv);
  // Instrumenting one provider again (stop, then instrument) must not add a
  // second producer: both would export the same series.
  const known = attachedHistograms.get(meterProvider)?.get(spec.name);
  if (known !== undefined) return known;
  const readers = sdkMetricReaders(meterProvider);
  if (readers === undefined) return undefined;
  const histogram = new PreAggregatedHistogram({
    name: spec.name,
    unit: spec.unit,
    description: spec.description,
    boundaries: DURATION_BUCKETS,
    scope: { name: INSTRUMENTATION_SCOPE, version: PACKAGE_VERSION },
  });
  for (const reader of readers)
    reader.addProducer(histogram.producerFor(reader.preferences));
  const byName = attachedHistograms.get(meterProvider) ?? new Map();
  byName.set(spec.name, histogram);
  attachedHistograms.set(meterProvider, byName);
  return histogram;
}

/** Installs capture with a recorder on the given (or global) providers. */
export function installRecorder(
  options: InstrumentOptions,
  config: ResolvedConfig,
): Instrumented {
  const tracerProvider = options.tracerProvider ?? trace.getTracerProvider();
  const meterProvider = options.meterProvider ?? metrics.getMeterProvider();
  const loggerProvider = options.loggerProvider ?? logs.getLoggerProvider();
  const chunkGaps = preAggregatedChunkGaps(meterProvider, config);
  const recorder = createLlmRecorder({
    tracer: tracerProvider.getTracer(INSTRUMENTATION_SCOPE, PACKAGE_VERSION),
    meter: meterProvider.getMeter(INSTRUMENTATION_SCOPE, PACKAGE_VERSION),
    logger: loggerProvider.getLogger(INSTRUMENTATION_SCOPE, PACKAGE_VERSION),
    config,
    ...(chunkGaps === undefined ? {} : { chunkGaps }),
  });
  useRecorder(recorder);
  const stop = (): void => {
    // Finish what already-ended calls deferred while the recorder is still live.
    drainDeferredWork();
    stopRecording();
  };
  return { config, stop };
}

/**
 * For apps with their own OTel SDK: records every LLM HTTP call as a gen_ai
 * span and metrics on the app's providers (global ones by default). Use
 * `createLlmSampler()` in that SDK to keep LLM spans that its sampler drops.
 * Never throws; returns a function that stops recording.
 */
export function instrumentLlmCalls(
  options: InstrumentOptions = {},
): () => void {
  try {
    const { config, problems } = resolveConfig(options);
    logProblems(problems);
    return installRecorder(options, config).stop;
  } catch (error) {
    diag.error('@x/llm-otel: could not instrument LLM calls', error);
    return () => undefined;
  }
}
