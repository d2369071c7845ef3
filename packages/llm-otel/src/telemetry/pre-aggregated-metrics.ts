// Our pre-aggregated histograms and sums on one MeterProvider (see
// pre-aggregated-histogram.ts, pre-aggregated-sum.ts). One MetricProducer
// per reader exports all of them in one scope block, so an export carries our scope twice at most
// (this block, and the SDK's for the instruments it still aggregates).

import { emptyResource } from '@opentelemetry/resources';
import type {
  CollectionResult,
  MetricData,
  MetricProducer,
  ScopeMetrics,
} from '@opentelemetry/sdk-metrics';
import { PreAggregatedHistogram } from './pre-aggregated-histogram.js';
import { PreAggregatedSum } from './pre-aggregated-sum.js';
import type { PreAggregatedSumOptions } from './pre-aggregated-sum.js';
import type { PreAggregatedHistogramOptions } from './pre-aggregated-histogram.js';
import type { ReaderPreferences } from './series-cells.js';

/** A metric reader we can add a producer to (see sdk-metric-readers.ts). */
export interface ProducerTarget {
  /** What the reader asks of each kind of instrument we aggregate. */
  readonly preferences: {
    readonly histogram: ReaderPreferences;
    readonly counter: ReaderPreferences;
  };
  /** Adds a producer whose output the reader merges into each collection. */
  addProducer(producer: MetricProducer): void;
  /** The reader exports over OTLP (see collectForExit). */
  readonly exportsOtlp?: boolean;
}

interface ReaderEntry {
  readonly preferences: ProducerTarget['preferences'];
  readonly collectors: (() => MetricData | undefined)[];
  readonly exportsOtlp: boolean;
}

export class PreAggregatedMetrics {
  private readonly instruments = new Map<
    string,
    PreAggregatedHistogram | PreAggregatedSum
  >();
  private readonly readers: ReaderEntry[] = [];

  constructor(
    private readonly scope: {
      readonly name: string;
      readonly version?: string;
    },
    readers: readonly ProducerTarget[],
  ) {
    for (const reader of readers) {
      const entry: ReaderEntry = {
        preferences: reader.preferences,
        collectors: [],
        exportsOtlp: reader.exportsOtlp === true,
      };
      this.readers.push(entry);
      reader.addProducer(this.producer(entry));
    }
  }

  /** The histogram of that name: made on first use, the same one after. */
  histogram(spec: PreAggregatedHistogramOptions): PreAggregatedHistogram {
    const known = this.instruments.get(spec.name);
    if (known instanceof PreAggregatedHistogram) return known;
    return this.add(spec.name, new PreAggregatedHistogram(spec));
  }

  /** The sum of that name: made on first use, the same one after. */
  sum(spec: PreAggregatedSumOptions): PreAggregatedSum {
    const known = this.instruments.get(spec.name);
    if (known instanceof PreAggregatedSum) return known;
    return this.add(spec.name, new PreAggregatedSum(spec));
  }

  private add<T extends PreAggregatedHistogram | PreAggregatedSum>(
    name: string,
    instrument: T,
  ): T {
    for (const entry of this.readers)
      entry.collectors.push(
        instrument.collectorFor(entry.preferences[instrument.kind]),
      );
    this.instruments.set(name, instrument);
    return instrument;
  }

  /**
   * Collects, now and synchronously, what the first OTLP reader would export
   * next: for an exit that cannot wait for the reader (exit-flush.ts). The
   * reader never collects again, so its delta state may move on.
   */
  collectForExit(): ScopeMetrics[] {
    const entry = this.readers.find(r => r.exportsOtlp);
    return entry === undefined ? [] : this.scopeMetrics(entry);
  }

  private scopeMetrics(entry: ReaderEntry): ScopeMetrics[] {
    const metrics: MetricData[] = [];
    for (const collect of entry.collectors) {
      const metric = collect();
      if (metric !== undefined) metrics.push(metric);
    }
    return metrics.length === 0 ? [] : [{ scope: this.scope, metrics }];
  }

  private producer(entry: ReaderEntry): MetricProducer {
    return {
      collect: (): Promise<CollectionResult> =>
        Promise.resolve({
          resourceMetrics: {
            resource: emptyResource(),
            scopeMetrics: this.scopeMetrics(entry),
          },
          errors: [],
        }),
    };
  }
}
