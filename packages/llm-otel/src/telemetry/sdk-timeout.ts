// The openai, Anthropic and groq SDKs (Stainless-generated) and
// @google/genai enforce their `timeout` option by aborting the request
// without a reason, which the HTTP layer cannot tell from a cancel by the
// app. They also send the timeout in whole seconds: Stainless rounded down
// as `x-stainless-timeout` (openai 6 and groq only for a per-request
// timeout), Google rounded up as `x-server-timeout`. An abort that lands
// inside that second is taken as the SDK's timeout: an app that cancels at
// exactly that moment is far less likely than the timer it set firing.

/** The Stainless SDKs' default timeout. */
const STAINLESS_DEFAULT_MS = 600_000;
/** How late a timer may fire on a busy event loop and still count. */
const TIMER_LATENESS_MS = 1000;
/** Timers may fire a little early relative to performance.now(). */
const TIMER_EARLINESS_MS = 5;

/** Whole seconds in a header, if it holds nothing else. */
function seconds(raw: string | undefined): number | undefined {
  if (raw === undefined || !/^\d{1,7}$/.test(raw.trim())) return undefined;
  return Number(raw);
}

/** The abort came when a timer of `fromMs` to `toMs` would fire. */
function inWindow(elapsedMs: number, fromMs: number, toMs: number): boolean {
  return (
    elapsedMs >= fromMs - TIMER_EARLINESS_MS &&
    elapsedMs < toMs + TIMER_LATENESS_MS
  );
}

export function abortWasSdkTimeout(
  headers: Readonly<Record<string, string>>,
  elapsedMs: number,
): boolean {
  // Stainless: rounded down. Under a second it says 0: any early cancel
  // would match.
  const stainless = seconds(headers['x-stainless-timeout']);
  if (stainless !== undefined)
    return (
      stainless >= 1 &&
      inWindow(elapsedMs, stainless * 1000, (stainless + 1) * 1000)
    );
  // openai 6 and groq-sdk announce only a per-request timeout. Without
  // one, the client's applies: when that is their default, 10 minutes, the
  // abort comes then.
  if (headers['x-stainless-retry-count'] !== undefined)
    return inWindow(
      elapsedMs,
      STAINLESS_DEFAULT_MS,
      STAINLESS_DEFAULT_MS + 1000,
    );
  // @google/genai sends its `httpOptions.timeout` as X-Server-Timeout,
  // rounded up. At 1 the window starts at 0: any early cancel would match.
  const google = seconds(headers['x-server-timeout']);
  if (google !== undefined)
    return (
      google >= 2 && inWindow(elapsedMs, (google - 1) * 1000, google * 1000)
    );
  return false;
}
