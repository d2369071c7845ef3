// Gemini usageMetadata to semconv. promptTokenCount already includes cached
// content; thoughts are billed as output but reported apart from candidates.

import { int, obj } from '../json/json-value.js';
import type { Usage } from '../types.js';

export function geminiUsage(value: unknown): Usage | undefined {
  const u = obj(value);
  if (u === undefined) return undefined;
  const usage: Usage = {};
  const prompt = int(u['promptTokenCount']);
  const toolPrompt = int(u['toolUsePromptTokenCount']);
  if (prompt !== undefined || toolPrompt !== undefined)
    usage.inputTokens = (prompt ?? 0) + (toolPrompt ?? 0);
  const candidates = int(u['candidatesTokenCount']);
  const thoughts = int(u['thoughtsTokenCount']);
  if (candidates !== undefined || thoughts !== undefined)
    usage.outputTokens = (candidates ?? 0) + (thoughts ?? 0);
  const cached = int(u['cachedContentTokenCount']);
  if (cached !== undefined) usage.cacheReadInputTokens = cached;
  if (thoughts !== undefined) usage.reasoningOutputTokens = thoughts;
  return Object.keys(usage).length > 0 ? usage : undefined;
}
