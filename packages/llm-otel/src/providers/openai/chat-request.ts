// Request facts for OpenAI chat completions and legacy completions.

import { arr, int, parseBodyObject, str, strings } from '../json/json-value.js';
import type { ParseOptions, ProviderMatch, RequestFacts } from '../types.js';
import { textPart } from '../common/parts.js';
import { chatInputMessages, chatToolDefinitions } from './chat-messages.js';
import { readCommonParams } from './openai-request-params.js';

function baseFacts(
  match: ProviderMatch,
  body: Uint8Array | string | undefined,
  shapeKey: string,
): { facts: RequestFacts; o: Readonly<Record<string, unknown>> } | undefined {
  const o = parseBodyObject(body);
  if (o === undefined) return undefined;
  // On an unknown host the body shape is what proves this is an LLM call.
  if (match.confirmByBody && o[shapeKey] === undefined) return undefined;
  const facts: RequestFacts = {};
  readCommonParams(o, facts);
  // Azure: the deployment in the URL is what the service runs.
  if (match.model !== undefined) facts.model = match.model;
  const maxTokens = int(o['max_completion_tokens']) ?? int(o['max_tokens']);
  if (maxTokens !== undefined) facts.maxTokens = maxTokens;
  return { facts, o };
}

export function parseChatRequest(
  match: ProviderMatch,
  body: Uint8Array | string | undefined,
  options: ParseOptions,
): RequestFacts | undefined {
  const base = baseFacts(match, body, 'messages');
  if (base === undefined) return undefined;
  const { facts, o } = base;
  if (options.captureContent) {
    facts.inputMessages = chatInputMessages(o['messages']);
    const tools = chatToolDefinitions(o['tools'] ?? o['functions']);
    if (tools !== undefined) facts.toolDefinitions = tools;
  }
  return facts;
}

export function parseCompletionsRequest(
  match: ProviderMatch,
  body: Uint8Array | string | undefined,
  options: ParseOptions,
): RequestFacts | undefined {
  const base = baseFacts(match, body, 'prompt');
  if (base === undefined) return undefined;
  const { facts, o } = base;
  if (options.captureContent) {
    const prompts = strings(o['prompt']) ?? [];
    const suffix = str(o['suffix']);
    facts.inputMessages = prompts.map(p => ({
      role: 'user',
      parts: [textPart(p)],
    }));
    if (suffix !== undefined && arr(o['prompt']) === undefined)
      facts.inputMessages.push({ role: 'user', parts: [textPart(suffix)] });
  }
  return facts;
}
