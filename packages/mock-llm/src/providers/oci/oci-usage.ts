// OCI usage is OpenAI's chat usage in camelCase: promptTokens include the
// cached tokens, completionTokens the reasoning tokens. GENERIC answers add
// promptTokensDetails and completionTokensDetails, as the recorded answers do.
import type { MockUsage } from '../../types.js';

export interface OciUsage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  promptTokensDetails: { cachedTokens: number };
  completionTokensDetails: { reasoningTokens: number };
}

/** Usage for `n` generations: prompt I+R+W (cached R), completion (T+Z)·n (reasoning Z·n). */
export function ociUsage(u: MockUsage, n = 1): OciUsage {
  const prompt = u.inputTokens + u.cacheReadTokens + u.cacheWriteTokens;
  const completion = (u.outputTokens + u.reasoningTokens) * n;
  return {
    promptTokens: prompt,
    completionTokens: completion,
    totalTokens: prompt + completion,
    promptTokensDetails: { cachedTokens: u.cacheReadTokens },
    completionTokensDetails: { reasoningTokens: u.reasoningTokens * n },
  };
}

/** The Cohere formats (COHERE, COHEREV2) answer the three counts only. */
export function ociCohereUsage(
  u: MockUsage,
): Pick<OciUsage, 'promptTokens' | 'completionTokens' | 'totalTokens'> {
  const { promptTokens, completionTokens, totalTokens } = ociUsage(u);
  return { promptTokens, completionTokens, totalTokens };
}
