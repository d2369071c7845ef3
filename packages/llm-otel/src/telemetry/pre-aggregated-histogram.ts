// A histogram we aggregate ourselves. The SDK hashes the attributes on every
// record() (sort + JSON.stringify: about 2 µs and 2.6 KB of garbage with our
// attributes). Here a series is found by a key the caller computes once:
// time_per_output_chunk resolves a stream's series once and each chunk is a
// bucket increment; the per-attempt histograms key the attempt's attributes
// once for all of its records (see series-keys.ts). Exported through a
// MetricProducer on each metric reader of the MeterProvider (see
// pre-aggregated-metrics.ts), with the reader's temporality and cardinality
// limit, as the SDK would.

import { ValueType } from '@opentelemetry/api';
import type { Attributes } from '@opentelemetry/api';
import { DataPointType, InstrumentType } from '@opentelemetry/sdk-metrics';
import type {
  DataPoint,
  HistogramMetricData,
  MetricDescriptor,
  AggregationTemporality,
} from '@opentelemetry/sdk-metrics';
import { SeriesCells } from './series-cells.js';
import type { CellKind, SeriesCell } from './series-cells.js';

/** One attribute set of the histogram, resolved once, recorded often. */
export interface HistogramSeries {
  record(value: number): void;
}

interface HistogramDataValue {
  buckets: { boundaries: number[]; counts: number[] };
  sum: number;
  count: number;
  min: number;
  max: number;
}

/**
 * A stable key for an attribute set: the JSON of the set with its keys in
 * sorted order, so the order they were set in does not matter. Sets our
 * recorder builds are in that order already and cost one stringify.
 */
export function attributesKey(attributes: Attributes): string {
  const keys = Object.keys(attributes);
  for (let i = 1; i < keys.length; i++) {
    if (keys[i - 1]! > keys[i]!) {
      keys.sort();
      const sorted: Attributes = {};
      for (const key of keys) sorted[key] = attributes[key];
      return JSON.stringify(sorted);
    }
  }
  return JSON.stringify(attributes);
}

/** What one reader aggregates for one attribute set. */
interface Cell extends SeriesCell {
  readonly counts: number[];
  sum: number;
  count: number;
  min: number;
  max: number;
}

function histogramCells(
  boundaries: readonly number[],
): CellKind<Cell, HistogramDataValue> {
  return {
    create: (key, attributes, start) => ({
      key,
      attributes,
      counts: new Array<number>(boundaries.length + 1).fill(0),
      sum: 0,
      count: 0,
      min: Infinity,
      max: -Infinity,
      start,
      attached: true,
    }),
    hasData: cell => cell.count > 0,
    value: cell => ({
      buckets: { boundaries: [...boundaries], counts: [...cell.counts] },
      sum: cell.sum,
      count: cell.count,
      min: cell.min,
      max: cell.max,
    }),
    reset(cell) {
      cell.counts.fill(0);
      cell.sum = 0;
      cell.count = 0;
      cell.min = Infinity;
      cell.max = -Infinity;
    },
  };
}

/** The aggregation one metric reader sees. */
class ReaderAggregation {
  readonly cells: SeriesCells<Cell, HistogramDataValue>;

  constructor(
    private readonly boundaries: readonly number[],
    temporality: AggregationTemporality,
    cardinalityLimit: number,
  ) {
    this.cells = new SeriesCells(
      histogramCells(boundaries),
      temporality,
      cardinalityLimit,
    );
  }

  record(cell: Cell, value: number): void {
    const target = this.cells.live(cell);
    const bounds = this.boundaries;
    let i = 0;
    // Upper bounds are inclusive, as in the SDK's explicit-bucket histogram.
    while (i < bounds.length && value > bounds[i]!) i++;
    target.counts[i]!++;
    target.sum += value;
    target.count++;
    if (value < target.min) target.min = value;
    if (value > target.max) target.max = value;
  }

  collect(): DataPoint<HistogramDataValue>[] {
    return this.cells.collect();
  }
}

export interface PreAggregatedHistogramOptions {
  readonly name: string;
  readonly unit: string;
  readonly description: string;
  readonly boundaries: readonly number[];
}

/** What a producer needs from the metric reader it serves. */
export interface ReaderPreferences {
  readonly temporality: AggregationTemporality;
  readonly cardinalityLimit: number;
}

export class PreAggregatedHistogram {
  readonly kind = 'histogram';
  private readonly readers: ReaderAggregation[] = [];
  private readonly descriptor: MetricDescriptor;

  constructor(private readonly options: PreAggregatedHistogramOptions) {
    // As the SDK describes a histogram instrument (exporters may read type).
    const descriptor = {
      name: options.name,
      type: InstrumentType.HISTOGRAM,
      description: options.description,
      unit: options.unit,
      valueType: ValueType.DOUBLE,
      advice: { explicitBucketBoundaries: [...options.boundaries] },
    };
    this.descriptor = descriptor;
  }

  /**
   * Aggregates for one more metric reader from now on; returns what that
   * reader's collection exports (undefined: nothing recorded).
   */
  collectorFor(
    preferences: ReaderPreferences,
  ): () => HistogramMetricData | undefined {
    const aggregation = new ReaderAggregation(
      this.options.boundaries,
      preferences.temporality,
      Math.max(2, preferences.cardinalityLimit),
    );
    this.readers.push(aggregation);
    const descriptor = this.descriptor;
    return () => {
      const dataPoints = aggregation.collect();
      if (dataPoints.length === 0) return undefined;
      return {
        descriptor,
        aggregationTemporality: preferences.temporality,
        dataPointType: DataPointType.HISTOGRAM,
        dataPoints,
      };
    };
  }

  /**
   * Records one value. `key` must identify `attributes` among this
   * histogram's series (one key per attribute set, one set per key);
   * `attributes` is read only when the series is new.
   */
  record(
    value: number,
    key: string,
    attributes: Attributes | (() => Attributes),
  ): void {
    // The SDK drops these for histograms too.
    if (!(value >= 0)) return;
    const readers = this.readers;
    for (let i = 0; i < readers.length; i++) {
      const reader = readers[i]!;
      reader.record(reader.cells.cell(key, attributes), value);
    }
  }

  /**
   * Resolves an attribute set once; record() on it allocates nothing. A
   * `key` given must follow the rule of record()'s, and one histogram must
   * key its series one way.
   */
  series(
    attributes: Attributes,
    key: string = attributesKey(attributes),
  ): HistogramSeries {
    const readers = this.readers;
    const cells = readers.map(r => r.cells.cell(key, attributes));
    return {
      record(value: number): void {
        // The SDK drops these for histograms too.
        if (!(value >= 0)) return;
        for (let i = 0; i < cells.length; i++)
          readers[i]!.record(cells[i]!, value);
      },
    };
  }
}
