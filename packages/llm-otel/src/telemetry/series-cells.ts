// The series one metric reader aggregates for one of our pre-aggregated
// instruments (pre-aggregated-histogram.ts, pre-aggregated-sum.ts): found
// by a key the caller computes, bounded by the reader's cardinality limit
// (past it, new series share one overflow series, as in the SDK), and under
// delta temporality forgotten once idle, so the map holds only series that
// are still recorded.

import type { Attributes, HrTime } from '@opentelemetry/api';
import { hrTime } from '@opentelemetry/core';
import { AggregationTemporality } from '@opentelemetry/sdk-metrics';
import type { DataPoint } from '@opentelemetry/sdk-metrics';

/** What every cell carries besides its aggregate. */
export interface SeriesCell {
  readonly key: string;
  readonly attributes: Attributes;
  /** When this cell's current aggregation began. */
  start: HrTime;
  /** False once a delta collection dropped it from its reader's map. */
  attached: boolean;
}

/** How one instrument's cells hold, export and reset their aggregate. */
export interface CellKind<C extends SeriesCell, V> {
  create(key: string, attributes: Attributes, start: HrTime): C;
  /** Recorded since the aggregation began. */
  hasData(cell: C): boolean;
  value(cell: C): V;
  /** Starts a new aggregation (delta temporality, after a collection). */
  reset(cell: C): void;
}

/** What a producer needs from the metric reader it serves, for one kind of instrument. */
export interface ReaderPreferences {
  readonly temporality: AggregationTemporality;
  readonly cardinalityLimit: number;
}

/**
 * Aggregates one instrument for one more metric reader from now on: adds
 * that reader's cells to `readers`, and returns what its collection
 * exports, as `metric` shapes the points (undefined: nothing recorded).
 */
export function readerCollector<C extends SeriesCell, V, M>(
  kind: CellKind<C, V>,
  preferences: ReaderPreferences,
  readers: SeriesCells<C, V>[],
  metric: (dataPoints: DataPoint<V>[]) => M,
): () => M | undefined {
  const cells = new SeriesCells(
    kind,
    preferences.temporality,
    Math.max(2, preferences.cardinalityLimit),
  );
  readers.push(cells);
  return () => {
    const dataPoints = cells.collect();
    return dataPoints.length === 0 ? undefined : metric(dataPoints);
  };
}

const OVERFLOW_KEY = '\u0000overflow';
const OVERFLOW_ATTRIBUTES: Attributes = { 'otel.metric.overflow': true };

export class SeriesCells<C extends SeriesCell, V> {
  private readonly cells = new Map<string, C>();
  private lastCollection: HrTime | undefined;
  private readonly delta: boolean;

  constructor(
    private readonly kind: CellKind<C, V>,
    temporality: AggregationTemporality,
    /** Series per collection, the overflow series included (SDK's meaning). */
    private readonly cardinalityLimit: number,
  ) {
    this.delta = temporality === AggregationTemporality.DELTA;
  }

  /** The cell of `key`; `attributes` is read only when the series is new. */
  cell(key: string, attributes: Attributes | (() => Attributes)): C {
    const found = this.cells.get(key);
    if (found !== undefined) return found;
    if (this.cells.size >= this.cardinalityLimit - 1) return this.overflow();
    return this.add(
      this.kind.create(
        key,
        typeof attributes === 'function' ? attributes() : attributes,
        hrTime(),
      ),
    );
  }

  /**
   * The cell to record into: `cell` itself, unless a delta collection
   * dropped it while a caller held it (a stream outliving an idle interval).
   */
  live(cell: C): C {
    if (cell.attached) return cell;
    const current = this.cells.get(cell.key);
    if (current !== undefined) return current;
    if (this.cells.size >= this.cardinalityLimit - 1) return this.overflow();
    cell.start = this.lastCollection ?? cell.start;
    return this.add(cell);
  }

  collect(): DataPoint<V>[] {
    const now = hrTime();
    const kind = this.kind;
    const points: DataPoint<V>[] = [];
    for (const cell of this.cells.values()) {
      if (!kind.hasData(cell)) {
        if (this.delta) {
          cell.attached = false;
          this.cells.delete(cell.key);
        }
        continue;
      }
      points.push({
        attributes: cell.attributes,
        startTime: cell.start,
        endTime: now,
        value: kind.value(cell),
      });
      if (this.delta) {
        kind.reset(cell);
        cell.start = now;
      }
    }
    this.lastCollection = now;
    return points;
  }

  private overflow(): C {
    return (
      this.cells.get(OVERFLOW_KEY) ??
      this.add(this.kind.create(OVERFLOW_KEY, OVERFLOW_ATTRIBUTES, hrTime()))
    );
  }

  private add(cell: C): C {
    cell.attached = true;
    this.cells.set(cell.key, cell);
    return cell;
  }
}
