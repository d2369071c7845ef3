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
import type { Attributes, HrTime } from '@opentelemetry/api';
import { hrTime } from '@opentelemetry/core';
import {
  AggregationTemporality,
  DataPointType,
  InstrumentType,
} from '@opentelemetry/sdk-metrics';
import type {
  DataPoint,
  HistogramMetricData,
  MetricDescriptor,
} from '@opentelemetry/sdk-metrics';

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

/** What one reader aggregates for one attribute set. */
interface Cell {
  readonly key: string;
  readonly attributes: Attributes;
  readonly counts: number[];
  sum: number;
  count: number;
  min: number;
  max: number;
  /** When this cell's current aggregation began. */
  start: HrTime;
  /** False once a delta collection dropped it from its reader's map. */
  attached: boolean;
}

const OVERFLOW_KEY = '\u0000overflow';
const OVERFLOW_ATTRIBUTES: Attributes = { 'otel.metric.overflow': true };

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

/** The aggregation one metric reader sees. */
class ReaderAggregation {
  private readonly cells = new Map<string, Cell>();
  private lastCollection: HrTime | undefined;

  constructor(
    private readonly boundaries: readonly number[],
    private readonly temporality: AggregationTemporality,
    /** Series per collection, the overflow series included (SDK's meaning). */
    private readonly cardinalityLimit: number,
  ) {}

  cell(key: string, attributes: Attributes | (() => Attributes)): Cell {
    const found = this.cells.get(key);
    if (found !== undefined) return found;
    // Past the limit, new series share one overflow series, as in the SDK.
    if (this.cells.size >= this.cardinalityLimit - 1)
      return (
        this.cells.get(OVERFLOW_KEY) ??
        this.create(OVERFLOW_KEY, OVERFLOW_ATTRIBUTES)
      );
    return this.create(
      key,
      typeof attributes === 'function' ? attributes() : attributes,
    );
  }

  private create(key: string, attributes: Attributes): Cell {
    const cell: Cell = {
      key,
      attributes,
      counts: new Array<number>(this.boundaries.length + 1).fill(0),
      sum: 0,
      count: 0,
      min: Infinity,
      max: -Infinity,
      start: hrTime(),
      attached: true,
    };
    this.cells.set(key, cell);
    return cell;
  }

  record(cell: Cell, value: number): void {
    const target = cell.attached ? cell : this.reattach(cell);
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

  /** A stream outlived the delta collection that dropped its idle cell. */
  private reattach(cell: Cell): Cell {
    const current = this.cells.get(cell.key);
    if (current !== undefined) return current;
    if (this.cells.size >= this.cardinalityLimit - 1)
      return this.cell(OVERFLOW_KEY, OVERFLOW_ATTRIBUTES);
    cell.attached = true;
    cell.start = this.lastCollection ?? cell.start;
    this.cells.set(cell.key, cell);
    return cell;
  }

  collect(): DataPoint<HistogramDataValue>[] {
    const now = hrTime();
    const delta = this.temporality === AggregationTemporality.DELTA;
    const points: DataPoint<HistogramDataValue>[] = [];
    for (const cell of this.cells.values()) {
      if (cell.count === 0) {
        // Idle since the last delta collection: forget it, so the map
        // holds only series that are still recorded.
        if (delta) {
          cell.attached = false;
          this.cells.delete(cell.key);
        }
        continue;
      }
      points.push({
        attributes: cell.attributes,
        startTime: cell.start,
        endTime: now,
        value: {
          buckets: {
            boundaries: [...this.boundaries],
            counts: [...cell.counts],
          },
          sum: cell.sum,
          count: cell.count,
          min: cell.min,
          max: cell.max,
        },
      });
      if (delta) {
        cell.counts.fill(0);
        cell.sum = 0;
        cell.count = 0;
        cell.min = Infinity;
        cell.max = -Infinity;
        cell.start = now;
      }
    }
    this.lastCollection = now;
    return points;
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
      reader.record(reader.cell(key, attributes), value);
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
    const cells = readers.map(r => r.cell(key, attributes));
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
