// Cohere usage: billed units win over raw token counts (semconv).

import { int, obj } from '../json/json-value.js';
import type { Usage } from '../types.js';

export function cohereUsage(value: unknown): Usage | undefined {
  const u = obj(value);
  if (u === undefined) return undefined;
  const counts = obj(u['billed_units']) ?? obj(u['tokens']);
  const usage: Usage = {};
  const input = int(counts?.['input_tokens']);
  if (input !== undefined) usage.inputTokens = input;
  const output = int(counts?.['output_tokens']);
  if (output !== undefined) usage.outputTokens = output;
  const cached = int(u['cached_tokens']);
  if (cached !== undefined) usage.cacheReadInputTokens = cached;
  return Object.keys(usage).length > 0 ? usage : undefined;
}
