// Decides which attempt of a request a fault applies to, so that "fail once"
// lets a client's retry succeed.
import type { MockRequest } from '../types.js';

/**
 * The 0-based attempt number of this request. Clients that number their
 * attempts are trusted: x-stainless-retry-count (openai, anthropic, groq) and
 * amz-sdk-request "attempt=N" (AWS, 1-based). Otherwise the server counts
 * identical requests (same route, scenario and body, see `key`): with
 * times=N the count cycles 0..N, so N failures are followed by one success,
 * and a later identical request fails again.
 */
export class FaultState {
  private readonly counts = new Map<string, number>();

  attempt(req: MockRequest, key: string, times: number | undefined): number {
    const stainless = req.headers['x-stainless-retry-count'];
    if (stainless !== undefined && /^\d+$/.test(stainless))
      return Number(stainless);
    const amz = /attempt=(\d+)/.exec(req.headers['amz-sdk-request'] ?? '');
    if (amz !== null) return Math.max(0, Number(amz[1]) - 1);
    const count = this.counts.get(key) ?? 0;
    this.counts.set(key, count + 1);
    return times === undefined ? count : count % (times + 1);
  }

  reset(): void {
    this.counts.clear();
  }
}
