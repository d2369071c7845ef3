// Existing-SDK mode: the app set up OpenTelemetry itself; we add LLM call
// recording to its tracer and meter providers and start nothing else.

import { diag, metrics, trace } from '@opentelemetry/api';
import { logs } from '@opentelemetry/api-logs';
import { resolveConfig } from '../config/resolve-config.js';
import type { ResolvedConfig } from '../config/resolved-config.js';
import { drainDeferredWork } from '../telemetry/deferred-work.js';
import { createLlmRecorder } from '../telemetry/llm-recorder.js';
import { OpenGenAiSpans } from '../telemetry/open-genai-spans.js';
import { PreAggregatedMetrics } from '../telemetry/pre-aggregated-metrics.js';
import { INSTRUMENTATION_SCOPE } from '../telemetry/semconv.js';
import type { InstrumentOptions } from '../types.js';
import { attachSpanProcessor } from './attach-span-processor.js';
import { stopRecording, useRecorder } from './capture-link.js';
import { PACKAGE_VERSION } from './package-version.js';
import { logProblems } from './report-problems.js';
import { sdkMetricReaders } from './sdk-metric-readers.js';

export interface Instrumented {
  readonly config: ResolvedConfig;
  /** Stops recording LLM calls and removes capture. */
  stop(): void;
}

/** Pre-aggregated metrics already attached, by provider. */
const attached = new WeakMap<object, PreAggregatedMetrics>();

/**
 * Our histograms, aggregated by us and exported through a producer on each
 * of the provider's readers; undefined to keep the SDK instruments (a
 * provider that is not sdk-metrics', or has Views: see
 * sdk-metric-readers.ts).
 */
export function preAggregatedMetrics(
  meterProvider: unknown,
): PreAggregatedMetrics | undefined {
  if (typeof meterProvider !== 'object' || meterProvider === null)
    return undefined;
  // Instrumenting one provider again (stop, then instrument) must not add
  // second producers: both would export the same series.
  const known = attached.get(meterProvider);
  if (known !== undefined) return known;
  const readers = sdkMetricReaders(meterProvider);
  if (readers === undefined) return undefined;
  const metrics = new PreAggregatedMetrics(
    { name: INSTRUMENTATION_SCOPE, version: PACKAGE_VERSION },
    readers,
  );
  attached.set(meterProvider, metrics);
  return metrics;
}

/** Our histograms on that provider, if we attached them (see above). */
export function attachedPreAggregated(
  meterProvider: unknown,
): PreAggregatedMetrics | undefined {
  return typeof meterProvider === 'object' && meterProvider !== null
    ? attached.get(meterProvider)
    : undefined;
}

/** Installs capture with a recorder on the given (or global) providers. */
export function installRecorder(
  options: InstrumentOptions,
  config: ResolvedConfig,
): Instrumented {
  const tracerProvider = options.tracerProvider ?? trace.getTracerProvider();
  const meterProvider = options.meterProvider ?? metrics.getMeterProvider();
  const loggerProvider = options.loggerProvider ?? logs.getLoggerProvider();
  const preAggregated = preAggregatedMetrics(meterProvider);
  const openSpans = new OpenGenAiSpans();
  const detach = attachSpanProcessor(tracerProvider, openSpans);
  const recorder = createLlmRecorder({
    tracer: tracerProvider.getTracer(INSTRUMENTATION_SCOPE, PACKAGE_VERSION),
    meter: meterProvider.getMeter(INSTRUMENTATION_SCOPE, PACKAGE_VERSION),
    logger: loggerProvider.getLogger(INSTRUMENTATION_SCOPE, PACKAGE_VERSION),
    config,
    ...(preAggregated === undefined ? {} : { preAggregated }),
    ...(detach === undefined ? {} : { openSpans }),
  });
  useRecorder(recorder);
  const stop = (): void => {
    // Finish what already-ended calls deferred while the recorder is still live.
    drainDeferredWork();
    stopRecording();
    detach?.();
    void openSpans.shutdown();
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
