// When a stream's output chunks arrived: the first one (time to first chunk)
// and the gaps between them (time_per_output_chunk). The gaps go to their
// histogram series once the metric attributes are known (the response names
// its model); until then they are held, bounded. Recorded as they come from
// then on, a long stream's gaps are not one burst of work at its end.

import type { HistogramSeries } from './pre-aggregated-histogram.js';

/** Chunk gaps held until the response names its model, at most. */
const MAX_HELD_GAPS = 100_000;

export class ChunkTimes {
  private first: number | undefined;
  private last = 0;
  /** Gaps in seconds, not yet recorded: the metric attributes are not known. */
  private readonly held: number[] = [];
  private series: HistogramSeries | undefined;

  /**
   * @param liveSeries the series the gaps go to, once the attributes are
   *   known (undefined until then); asked at each gap until it answers.
   */
  constructor(private readonly liveSeries: () => HistogramSeries | undefined) {}

  /** When the first chunk arrived, if one did. */
  get firstAt(): number | undefined {
    return this.first;
  }

  /** Gaps (seconds) that never went to a series: recorded with the attempt's metrics. */
  get heldGaps(): number[] {
    return this.held;
  }

  /** `completed` chunks completed in a read that arrived at `at`. */
  arrived(completed: number, at: number): void {
    if (this.first === undefined) this.first = at;
    else this.gap(at - this.last);
    // Several chunks completed in one read arrived together: gap 0.
    for (let extra = completed - 1; extra > 0; extra--) this.gap(0);
    this.last = at;
  }

  private gap(ms: number): void {
    const series = this.series ?? this.goLive();
    if (series !== undefined) series.record(ms / 1000);
    else if (this.held.length < MAX_HELD_GAPS) this.held.push(ms / 1000);
  }

  private goLive(): HistogramSeries | undefined {
    const series = this.liveSeries();
    if (series === undefined) return undefined;
    this.series = series;
    for (const seconds of this.held) series.record(seconds);
    this.held.length = 0;
    return series;
  }
}
