// Retries that no header announces. Stainless SDKs and the AWS SDK number
// their attempts (retry-attempt.ts), but many callers retry without saying
// so: Vercel `ai`, LangChain (which builds its openai and Anthropic clients
// with maxRetries 0 and calls them again, each time as attempt 0), other
// clients' own retry options, an app's own loop around fetch. What they
// all do is send the same request again after a failed one, in the same
// logical operation. So an attempt whose method, URL and body equal those of
// an attempt that failed shortly before it started, in the same scope, is
// counted as that attempt's retry. The scope is the trace of the parent span,
// or without one the parent context itself: a retry runs where its first
// attempt ran, while another caller's identical request (the next request
// of a server, the next round of a loop under withFeature) has a trace or
// context of its own. Where nothing sets a context at all, every call shares
// the root context and the body alone decides.
//
// Failures are rare, so the common path pays nothing: a request is hashed
// only when its attempt failed, or when some failure is still remembered.

import { createHash } from 'node:crypto';

/** Longer than any SDK's backoff (retry-after is honoured up to 60 s). */
export const RETRY_WINDOW_MS = 120_000;
/** Failures remembered at once, across all requests; the oldest go first. */
export const MAX_REMEMBERED_FAILURES = 512;

interface Failure {
  readonly key: string;
  readonly scope: unknown;
  readonly attempt: number;
  readonly failedAt: number;
}

/** A request's identity for retry matching: a digest, so nothing is kept. */
export function requestFingerprint(
  method: string,
  url: URL,
  body: Uint8Array | string | undefined,
): string {
  const hash = createHash('sha256').update(`${method} ${url.href}\n`);
  if (body !== undefined) hash.update(body);
  return hash.digest('base64');
}

export class RetryChains {
  /** In the order they failed. */
  private failures: Failure[] = [];

  /** Whether any failure is remembered (then every attempt is looked up). */
  get remembering(): boolean {
    return this.failures.length > 0;
  }

  /**
   * The attempt number of a request started at `startTime` in `scope` (a
   * trace id, or a parent context, compared by identity) that retries a
   * remembered failure (that failure's attempt + 1), or undefined. A failure
   * is followed at most once, by the first identical request started after
   * it failed.
   */
  follow(key: string, scope: unknown, startTime: number): number | undefined {
    this.forgetBefore(startTime - RETRY_WINDOW_MS);
    const list = this.failures;
    for (let i = 0; i < list.length; i++) {
      const failure = list[i]!;
      if (
        failure.key !== key ||
        failure.scope !== scope ||
        failure.failedAt > startTime
      )
        continue;
      list.splice(i, 1);
      return failure.attempt + 1;
    }
    return undefined;
  }

  /** Remembers a failed attempt that may be retried. */
  failed(key: string, scope: unknown, attempt: number, failedAt: number): void {
    this.forgetBefore(failedAt - RETRY_WINDOW_MS);
    const list = this.failures;
    if (list.length >= MAX_REMEMBERED_FAILURES) list.shift();
    // Attempts are finished out of order (an error status fails one at its
    // headers, a network error at its end): kept in the order they failed.
    let i = list.length;
    while (i > 0 && list[i - 1]!.failedAt > failedAt) i--;
    list.splice(i, 0, { key, scope, attempt, failedAt });
  }

  private forgetBefore(time: number): void {
    const list = this.failures;
    let stale = 0;
    while (stale < list.length && list[stale]!.failedAt < time) stale++;
    if (stale > 0) list.splice(0, stale);
  }
}
