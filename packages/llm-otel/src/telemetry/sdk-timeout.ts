// The openai, Anthropic and groq SDKs (Stainless-generated) enforce their
// `timeout` option by aborting the request without a reason, which the HTTP
// layer cannot tell from a cancel by the app. They also send the timeout, in
// whole seconds rounded down, as `x-stainless-timeout`. An abort that lands
// inside that second is taken as the SDK's timeout: an app that cancels at
// exactly that moment is far less likely than the timer it set firing.

/** How late a timer may fire on a busy event loop and still count. */
const TIMER_LATENESS_MS = 1000;
/** Timers may fire a little early relative to performance.now(). */
const TIMER_EARLINESS_MS = 5;

export function abortWasSdkTimeout(
  headers: Readonly<Record<string, string>>,
  elapsedMs: number,
): boolean {
  const raw = headers['x-stainless-timeout'];
  if (raw === undefined || !/^\d{1,7}$/.test(raw.trim())) return false;
  const seconds = Number(raw);
  // Under a second the header says 0: any early cancel would match.
  if (seconds < 1) return false;
  return (
    elapsedMs >= seconds * 1000 - TIMER_EARLINESS_MS &&
    elapsedMs < (seconds + 1) * 1000 + TIMER_LATENESS_MS
  );
}
