// The metric readers of an SDK MeterProvider, so that we can add a
// MetricProducer of ours to each (see pre-aggregated-metrics.ts). NodeSDK
// builds its readers from OTEL_METRICS_EXPORTER and offers no hook for
// producers, and sdk-metrics reads a reader's producers from a field its
// constructor fills: so this reaches into sdk-metrics' internals, checks
// every step's shape, and returns undefined when anything differs; the
// caller then keeps the SDK's own instrument. Also undefined when the
// provider has Views: they may rename, re-bucket or drop our metrics, and
// a producer's output bypasses them.

import { InstrumentType } from '@opentelemetry/sdk-metrics';
import type {
  AggregationTemporality,
  MetricProducer,
} from '@opentelemetry/sdk-metrics';
import type { ReaderPreferences } from '../telemetry/series-cells.js';
import type { ProducerTarget } from '../telemetry/pre-aggregated-metrics.js';

export type SdkMetricReader = ProducerTarget;

interface ReaderShape {
  _metricProducers?: unknown;
  selectAggregationTemporality?: unknown;
  selectCardinalityLimit?: unknown;
}

/** What `reader` asks of an instrument of `type`, if it answers plainly. */
function preferencesOf(
  reader: ReaderShape,
  type: InstrumentType,
): ReaderPreferences | undefined {
  const temporality = (
    reader.selectAggregationTemporality as (
      t: InstrumentType,
    ) => AggregationTemporality
  ).call(reader, type);
  const cardinalityLimit = (
    reader.selectCardinalityLimit as (t: InstrumentType) => number
  ).call(reader, type);
  if (typeof cardinalityLimit !== 'number') return undefined;
  return { temporality, cardinalityLimit };
}

/** The readers of `meterProvider` (sdk-metrics), or undefined. */
export function sdkMetricReaders(
  meterProvider: unknown,
): SdkMetricReader[] | undefined {
  try {
    const shared = (
      meterProvider as {
        _sharedState?: {
          metricCollectors?: unknown;
          viewRegistry?: { _registeredViews?: unknown };
        };
      } | null
    )?._sharedState;
    const views = shared?.viewRegistry?._registeredViews;
    if (!Array.isArray(views) || views.length > 0) return undefined;
    const collectors = shared?.metricCollectors;
    if (!Array.isArray(collectors) || collectors.length === 0) return undefined;
    const readers: SdkMetricReader[] = [];
    for (const collector of collectors as unknown[]) {
      const reader = (collector as { _metricReader?: ReaderShape } | null)
        ?._metricReader;
      if (
        reader === undefined ||
        !Array.isArray(reader._metricProducers) ||
        typeof reader.selectAggregationTemporality !== 'function' ||
        typeof reader.selectCardinalityLimit !== 'function'
      )
        return undefined;
      const producers = reader._metricProducers as MetricProducer[];
      const histogram = preferencesOf(reader, InstrumentType.HISTOGRAM);
      const counter = preferencesOf(reader, InstrumentType.COUNTER);
      if (histogram === undefined || counter === undefined) return undefined;
      // Its exporter (a periodic reader's); the OTLP/HTTP and proto
      // exporters share this class name.
      const exporter = (reader as { _exporter?: unknown })._exporter;
      readers.push({
        preferences: { histogram, counter },
        addProducer: producer => producers.push(producer),
        exportsOtlp:
          typeof exporter === 'object' &&
          exporter !== null &&
          exporter.constructor.name === 'OTLPMetricExporter',
      });
    }
    return readers;
  } catch {
    return undefined;
  }
}
