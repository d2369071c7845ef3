// Decides which attempt of a request a fault applies to, so that "fail once"
// lets a client's retry succeed.
import type { MockRequest } from '../types.js';

/**
 * The 0-based attempt number of this request. The server counts identical
 * requests (same route, scenario and body, see `key`): with times=N the count
 * cycles 0..N, so N failures are followed by one success, and a later
 * identical request fails again. A client that numbers a retry past 0 is
 * trusted: x-stainless-retry-count (openai, anthropic, groq) and
 * amz-sdk-request "attempt=N" (AWS, 1-based). A first attempt by its number
 * is counted like any other: callers that retry through such a client with
 * its own retries off (LangChain) announce every attempt as the first.
 */
export class FaultState {
  private readonly counts = new Map<string, number>();

  attempt(req: MockRequest, key: string, times: number | undefined): number {
    const count = this.counts.get(key) ?? 0;
    this.counts.set(key, count + 1);
    const announced = announcedAttempt(req.headers);
    if (announced !== undefined && announced > 0) return announced;
    return times === undefined ? count : count % (times + 1);
  }

  reset(): void {
    this.counts.clear();
  }
}

function announcedAttempt(headers: MockRequest['headers']): number | undefined {
  const stainless = headers['x-stainless-retry-count'];
  if (stainless !== undefined && /^\d+$/.test(stainless))
    return Number(stainless);
  const amz = /attempt=(\d+)/.exec(headers['amz-sdk-request'] ?? '');
  if (amz !== null) return Math.max(0, Number(amz[1]) - 1);
  return undefined;
}
