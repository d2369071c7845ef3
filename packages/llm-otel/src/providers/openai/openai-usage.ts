// OpenAI usage objects normalised to semconv: prompt/input tokens already
// include cached tokens, completion/output tokens already include reasoning.

import { setUsage } from '../common/set-usage.js';
import { int, obj } from '../json/json-value.js';
import type { Usage } from '../types.js';

/** Chat completions, legacy completions, embeddings and compatible servers. */
export function chatUsage(value: unknown): Usage | undefined {
  const u = obj(value);
  if (u === undefined) return undefined;
  const usage: Usage = {};
  setUsage(usage, 'inputTokens', int(u['prompt_tokens']));
  setUsage(usage, 'outputTokens', int(u['completion_tokens']));
  const prompt = obj(u['prompt_tokens_details']);
  // DeepSeek reports cache hits beside the OpenAI field.
  setUsage(
    usage,
    'cacheReadInputTokens',
    int(prompt?.['cached_tokens']) ?? int(u['prompt_cache_hit_tokens']),
  );
  setUsage(usage, 'cacheWriteInputTokens', int(prompt?.['cache_write_tokens']));
  const completion = obj(u['completion_tokens_details']);
  setUsage(
    usage,
    'reasoningOutputTokens',
    int(completion?.['reasoning_tokens']),
  );
  return Object.keys(usage).length > 0 ? usage : undefined;
}

/** Responses API usage. */
export function responsesUsage(value: unknown): Usage | undefined {
  const u = obj(value);
  if (u === undefined) return undefined;
  const usage: Usage = {};
  setUsage(usage, 'inputTokens', int(u['input_tokens']));
  setUsage(usage, 'outputTokens', int(u['output_tokens']));
  const input = obj(u['input_tokens_details']);
  setUsage(usage, 'cacheReadInputTokens', int(input?.['cached_tokens']));
  setUsage(usage, 'cacheWriteInputTokens', int(input?.['cache_write_tokens']));
  const output = obj(u['output_tokens_details']);
  setUsage(usage, 'reasoningOutputTokens', int(output?.['reasoning_tokens']));
  return Object.keys(usage).length > 0 ? usage : undefined;
}
