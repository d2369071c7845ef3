// A monotonic sum (the SDK's Counter) we aggregate ourselves, as the
// histograms are (pre-aggregated-histogram.ts): keyed once per attempt
// instead of hashed on every add(), and collectable synchronously, so an
// exit that cannot wait for the metric reader (exit-flush.ts) still exports
// the latest conventions' token counters.

import { ValueType } from '@opentelemetry/api';
import type { Attributes } from '@opentelemetry/api';
import { DataPointType, InstrumentType } from '@opentelemetry/sdk-metrics';
import type {
  MetricDescriptor,
  SumMetricData,
} from '@opentelemetry/sdk-metrics';
import { readerCollector } from './series-cells.js';
import type {
  CellKind,
  ReaderPreferences,
  SeriesCell,
  SeriesCells,
} from './series-cells.js';

interface Cell extends SeriesCell {
  value: number;
  /** Adds since the aggregation began: an add of 0 still makes a point. */
  adds: number;
}

const SUM_CELLS: CellKind<Cell, number> = {
  create: (key, attributes, start) => ({
    key,
    attributes,
    value: 0,
    adds: 0,
    start,
    attached: true,
  }),
  hasData: cell => cell.adds > 0,
  value: cell => cell.value,
  reset(cell) {
    cell.value = 0;
    cell.adds = 0;
  },
};

export interface PreAggregatedSumOptions {
  readonly name: string;
  readonly unit: string;
  readonly description: string;
}

export class PreAggregatedSum {
  readonly kind = 'counter';
  private readonly readers: SeriesCells<Cell, number>[] = [];
  private readonly descriptor: MetricDescriptor;

  constructor(options: PreAggregatedSumOptions) {
    // As the SDK describes a counter instrument (exporters may read type).
    const descriptor = {
      name: options.name,
      type: InstrumentType.COUNTER,
      description: options.description,
      unit: options.unit,
      valueType: ValueType.DOUBLE,
      advice: {},
    };
    this.descriptor = descriptor;
  }

  /**
   * Aggregates for one more metric reader from now on; returns what that
   * reader's collection exports (undefined: nothing added).
   */
  collectorFor(
    preferences: ReaderPreferences,
  ): () => SumMetricData | undefined {
    const descriptor = this.descriptor;
    return readerCollector(
      SUM_CELLS,
      preferences,
      this.readers,
      dataPoints => ({
        descriptor,
        aggregationTemporality: preferences.temporality,
        dataPointType: DataPointType.SUM,
        isMonotonic: true,
        dataPoints,
      }),
    );
  }

  /**
   * Adds a value. `key` must identify `attributes` among this sum's series
   * (one key per attribute set, one set per key); `attributes` is read only
   * when the series is new.
   */
  add(
    value: number,
    key: string,
    attributes: Attributes | (() => Attributes),
  ): void {
    // The SDK drops these for counters too.
    if (!(value >= 0)) return;
    const readers = this.readers;
    for (let i = 0; i < readers.length; i++) {
      const cell = readers[i]!.cell(key, attributes);
      cell.value += value;
      cell.adds++;
    }
  }
}
