import type { MockUsage } from '../../types.js';

/** OpenAI CompletionUsage for `n` choices (prompt_tokens includes cached tokens). */
export function openaiChatUsage(u: MockUsage, n = 1): Record<string, unknown> {
  const prompt = u.inputTokens + u.cacheReadTokens + u.cacheWriteTokens;
  const completion = (u.outputTokens + u.reasoningTokens) * n;
  const promptDetails: Record<string, number> = {
    cached_tokens: u.cacheReadTokens,
    audio_tokens: 0,
  };
  if (u.cacheWriteTokens > 0)
    promptDetails.cache_write_tokens = u.cacheWriteTokens;
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_tokens_details: promptDetails,
    completion_tokens_details: {
      reasoning_tokens: u.reasoningTokens * n,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}
