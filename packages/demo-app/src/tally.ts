// What the demo did, by call kind and result, printed as one JSON line at exit
// (the demo test compares it with the telemetry).

export type CallResult =
  | 'success'
  | 'rate_limited_then_success'
  | 'server_error'
  | 'timeout'
  | 'canceled'
  | 'error';

export class Tally {
  private readonly counts = new Map<string, number>();

  add(kind: string, result: CallResult): void {
    const key = `${kind} ${result}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  /** "N calls, M failed" so far (planned faults included), for progress lines. */
  brief(): string {
    let total = 0;
    let failed = 0;
    for (const [key, n] of this.counts) {
      total += n;
      if (!/ (success|rate_limited_then_success)$/.test(key)) failed += n;
    }
    return `${total} calls, ${failed} failed`;
  }

  /** Sorted { "kind result": count }. */
  toJSON(): Record<string, number> {
    return Object.fromEntries(
      [...this.counts].sort(([a], [b]) => a.localeCompare(b)),
    );
  }
}
