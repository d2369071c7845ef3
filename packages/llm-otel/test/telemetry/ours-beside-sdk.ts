// For tests that compare one of our pre-aggregated instruments with the
// SDK's own, recorded alike on one MeterProvider with one reader.

import {
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import type {
  AggregationTemporality,
  DataPoint,
  MetricData,
  PeriodicExportingMetricReaderOptions,
} from '@opentelemetry/sdk-metrics';

export interface OneReader {
  readonly provider: MeterProvider;
  /** The metric `name` of the next collection, by scope name. */
  collect(name: string): Promise<Record<string, MetricData | undefined>>;
}

/** A MeterProvider whose one reader exports only when told to. */
export function oneReader(
  temporality: AggregationTemporality,
  cardinalityLimits: PeriodicExportingMetricReaderOptions['cardinalityLimits'],
): OneReader {
  const exporter = new InMemoryMetricExporter(temporality);
  const provider = new MeterProvider({
    readers: [
      new PeriodicExportingMetricReader({
        exporter,
        exportIntervalMillis: 3_600_000,
        cardinalityLimits,
      }),
    ],
  });
  return {
    provider,
    async collect(name) {
      exporter.reset();
      await provider.forceFlush();
      const out: Record<string, MetricData | undefined> = {};
      for (const scope of exporter.getMetrics().at(-1)?.scopeMetrics ?? [])
        out[scope.scope.name] = scope.metrics.find(
          m => m.descriptor.name === name,
        );
      return out;
    },
  };
}

/** Data points without their times, in attribute order. */
export function points(metric: MetricData | undefined) {
  return ((metric?.dataPoints ?? []) as DataPoint<unknown>[])
    .map(p => ({ attributes: p.attributes, value: p.value }))
    .sort((a, b) =>
      JSON.stringify(a.attributes).localeCompare(JSON.stringify(b.attributes)),
    );
}
