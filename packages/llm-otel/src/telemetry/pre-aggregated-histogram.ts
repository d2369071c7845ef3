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
  HistogramMetricData,
  MetricDescriptor,
} from '@opentelemetry/sdk-metrics';
import { readerCollector } from './series-cells.js';
import type {
  CellKind,
  ReaderPreferences,
  SeriesCell,
  SeriesCells,
} from './series-cells.js';

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

/** Adds `value` to a histogram cell. */
function addValue(cell: Cell, bounds: readonly number[], value: number): void {
  let i = 0;
  // Upper bounds are inclusive, as in the SDK's explicit-bucket histogram.
  while (i < bounds.length && value > bounds[i]!) i++;
  cell.counts[i]!++;
  cell.sum += value;
  cell.count++;
  if (value < cell.min) cell.min = value;
  if (value > cell.max) cell.max = value;
}

export interface PreAggregatedHistogramOptions {
  readonly name: string;
  readonly unit: string;
  readonly description: string;
  readonly boundaries: readonly number[];
}

export class PreAggregatedHistogram {
  readonly kind = 'histogram';
  private readonly readers: SeriesCells<Cell, HistogramDataValue>[] = [];
  private readonly descriptor: MetricDescriptor;
  private readonly cells: CellKind<Cell, HistogramDataValue>;

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
    this.cells = histogramCells(options.boundaries);
  }

  /**
   * Aggregates for one more metric reader from now on; returns what that
   * reader's collection exports (undefined: nothing recorded).
   */
  collectorFor(
    preferences: ReaderPreferences,
  ): () => HistogramMetricData | undefined {
    const descriptor = this.descriptor;
    return readerCollector(
      this.cells,
      preferences,
      this.readers,
      dataPoints => ({
        descriptor,
        aggregationTemporality: preferences.temporality,
        dataPointType: DataPointType.HISTOGRAM,
        dataPoints,
      }),
    );
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
    const bounds = this.options.boundaries;
    for (let i = 0; i < readers.length; i++)
      addValue(readers[i]!.cell(key, attributes), bounds, value);
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
    const bounds = this.options.boundaries;
    const cells = readers.map(r => r.cell(key, attributes));
    return {
      record(value: number): void {
        // The SDK drops these for histograms too.
        if (!(value >= 0)) return;
        // live(): a delta collection may have dropped the cell meanwhile.
        for (let i = 0; i < cells.length; i++)
          addValue(readers[i]!.live(cells[i]!), bounds, value);
      },
    };
  }
}
