// Converse usage. Bedrock's inputTokens counts only fresh input: cache reads
// and writes are reported beside it, and totalTokens adds all of them.
import type { MockUsage } from '../../types.js';

export interface ConverseUsage {
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  cacheReadInputTokens?: number;
  cacheWriteInputTokens?: number;
}

/** Output tokens as Bedrock bills them: visible plus reasoning. */
export function billedOutput(u: MockUsage): number {
  return u.outputTokens + u.reasoningTokens;
}

/** Cache fields appear only when the scenario sets cache_read or cache_write. */
export function converseUsage(u: MockUsage): ConverseUsage {
  const out: ConverseUsage = {
    inputTokens: u.inputTokens,
    outputTokens: billedOutput(u),
    totalTokens:
      u.inputTokens + u.cacheReadTokens + u.cacheWriteTokens + billedOutput(u),
  };
  if (u.cacheReadTokens > 0 || u.cacheWriteTokens > 0) {
    out.cacheReadInputTokens = u.cacheReadTokens;
    out.cacheWriteInputTokens = u.cacheWriteTokens;
  }
  return out;
}
