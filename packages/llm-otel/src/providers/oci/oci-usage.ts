// OCI usage has the OpenAI chat shape in camelCase: promptTokens already
// include promptTokensDetails.cachedTokens, completionTokens already include
// completionTokensDetails.reasoningTokens (the semconv meaning).

import { setUsage } from '../common/set-usage.js';
import { int, obj } from '../json/json-value.js';
import type { Usage } from '../types.js';

export function ociUsage(value: unknown): Usage | undefined {
  const u = obj(value);
  if (u === undefined) return undefined;
  const usage: Usage = {};
  setUsage(usage, 'inputTokens', int(u['promptTokens']));
  setUsage(usage, 'outputTokens', int(u['completionTokens']));
  setUsage(
    usage,
    'cacheReadInputTokens',
    int(obj(u['promptTokensDetails'])?.['cachedTokens']),
  );
  setUsage(
    usage,
    'reasoningOutputTokens',
    int(obj(u['completionTokensDetails'])?.['reasoningTokens']),
  );
  return Object.keys(usage).length > 0 ? usage : undefined;
}
