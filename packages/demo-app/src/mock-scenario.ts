// Per-request behaviour of @x/mock-llm, sent as the x-mock-scenario header (so
// model names, and with them the metric labels, stay clean).

export interface Timing {
  /** ms before the response starts */
  readonly latency: number;
  /** ms before the first content chunk */
  readonly ttft: number;
  /** ms between later chunks */
  readonly chunkDelay?: number;
}

/** The header for a scenario: timing scaled by `scale`, plus extra keys. */
export function scenarioHeader(
  timing: Timing,
  scale: number,
  extra: Readonly<Record<string, string | number>> = {},
): Record<string, string> {
  const ms = (n: number): number => Math.round(n * scale);
  const parts = [`latency=${ms(timing.latency)}`, `ttft=${ms(timing.ttft)}`];
  if (timing.chunkDelay !== undefined)
    parts.push(`chunk_delay=${ms(timing.chunkDelay)}`);
  for (const [k, v] of Object.entries(extra)) parts.push(`${k}=${v}`);
  return { 'x-mock-scenario': parts.join(',') };
}
