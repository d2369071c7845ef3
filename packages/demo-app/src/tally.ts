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

  /** Sorted { "kind result": count }. */
  toJSON(): Record<string, number> {
    return Object.fromEntries(
      [...this.counts].sort(([a], [b]) => a.localeCompare(b)),
    );
  }
}
