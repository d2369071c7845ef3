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

/** Cache fields appear only when the scenario sets cache_read or cache_write. */
export function converseUsage(u: MockUsage): ConverseUsage {
  const out: ConverseUsage = {
    inputTokens: u.inputTokens,
    outputTokens: u.outputTokens,
    totalTokens:
      u.inputTokens + u.cacheReadTokens + u.cacheWriteTokens + u.outputTokens,
  };
  if (u.cacheReadTokens > 0 || u.cacheWriteTokens > 0) {
    out.cacheReadInputTokens = u.cacheReadTokens;
    out.cacheWriteInputTokens = u.cacheWriteTokens;
  }
  return out;
}
