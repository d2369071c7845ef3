// In-process telemetry for integration tests: global tracer and meter
// providers on in-memory exporters, a context manager, and our capture with
// `instrumentLlmCalls` (existing-SDK mode), as an app with its own SDK has.

import { context, metrics, trace } from '@opentelemetry/api';
import type { Attributes } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import type {
  DataPoint,
  Histogram,
  ViewOptions,
} from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { instrumentLlmCalls } from '../../src/sdk/instrument-llm-calls.js';
import { drainDeferredWork } from '../../src/telemetry/deferred-work.js';

export interface Telemetry {
  /** Finished spans of our scope. */
  ours(): ReadableSpan[];
  all(): ReadableSpan[];
  /** Metric name → points (attributes, value or {count,sum}). */
  metrics(): Promise<Map<string, { attributes: Attributes; value: unknown }[]>>;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * How a retried call went, a row per attempt: its number, outcome and
 * error.type, then whatever `more` picks from the span.
 */
export function attemptRows(
  spans: readonly ReadableSpan[],
  more: (span: ReadableSpan) => unknown[] = () => [],
): unknown[][] {
  return spans.map(s => [
    s.attributes['llm_otel.attempt'],
    s.attributes['llm_otel.outcome'],
    s.attributes['error.type'],
    ...more(s),
  ]);
}

export function setUpTelemetry(
  options: Parameters<typeof instrumentLlmCalls>[0] = {},
  /** Views on the app's MeterProvider, as an app may configure. */
  views: ViewOptions[] = [],
): Telemetry {
  context.setGlobalContextManager(
    new AsyncLocalStorageContextManager().enable(),
  );
  const spans = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(spans)],
  });
  trace.setGlobalTracerProvider(tracerProvider);
  let exporter = new InMemoryMetricExporter(AggregationTemporality.DELTA);
  let meterProvider = newMeterProvider(exporter, views);
  metrics.setGlobalMeterProvider(meterProvider);
  let stopCapture = instrumentLlmCalls({
    ...options,
    tracerProvider,
    meterProvider,
  });
  // The recorder ends spans off the app's path: run that work first, as a
  // flush does.
  const finished = (): ReadableSpan[] => {
    drainDeferredWork();
    return spans.getFinishedSpans();
  };
  return {
    ours: () =>
      finished().filter(s => s.instrumentationScope.name === '@x/llm-otel'),
    all: finished,
    async metrics() {
      drainDeferredWork();
      await meterProvider.forceFlush();
      const out = new Map<
        string,
        { attributes: Attributes; value: unknown }[]
      >();
      for (const rm of exporter.getMetrics())
        for (const sm of rm.scopeMetrics)
          for (const m of sm.metrics)
            out.set(
              m.descriptor.name,
              (m.dataPoints as DataPoint<unknown>[]).map(p => ({
                attributes: p.attributes,
                value: isHistogram(p.value)
                  ? { count: p.value.count, sum: p.value.sum }
                  : p.value,
              })),
            );
      return out;
    },
    async reset() {
      drainDeferredWork();
      spans.reset();
      // A fresh meter provider per test: metric points never mix. Capture
      // stays installed; only the recorder is replaced.
      await meterProvider.shutdown();
      exporter = new InMemoryMetricExporter(AggregationTemporality.DELTA);
      meterProvider = newMeterProvider(exporter, views);
      stopCapture = instrumentLlmCalls({
        ...options,
        tracerProvider,
        meterProvider,
      });
    },
    async stop() {
      drainDeferredWork();
      stopCapture();
      await meterProvider.shutdown();
      await tracerProvider.shutdown();
      trace.disable();
      metrics.disable();
      context.disable();
    },
  };
}

function newMeterProvider(
  exporter: InMemoryMetricExporter,
  views: ViewOptions[],
): MeterProvider {
  return new MeterProvider({
    views,
    readers: [
      new PeriodicExportingMetricReader({
        exporter,
        exportIntervalMillis: 3_600_000,
      }),
    ],
  });
}

function isHistogram(value: unknown): value is Histogram {
  return typeof value === 'object' && value !== null && 'buckets' in value;
}
