// Request facts for the Vercel AI Gateway protocol: the body is the AI SDK's
// own call options (LanguageModelV3CallOptions), not a provider's format;
// the model and the stream flag come in headers (see gateway-provider.ts).

import {
  arr,
  int,
  isObject,
  num,
  obj,
  parseBodyObject,
  str,
  strings,
} from '../json/json-value.js';
import type { JsonObject } from '../json/json-value.js';
import type {
  ChatMessage,
  MessagePart,
  ParseOptions,
  ProviderMatch,
  RequestFacts,
} from '../types.js';
import {
  textPart,
  toolCallPart,
  toolDefinition,
  toolResponsePart,
} from '../common/parts.js';

/** One AI SDK prompt content part as a semconv message part. */
function part(p: JsonObject): MessagePart | undefined {
  switch (str(p['type'])) {
    case 'text': {
      const text = str(p['text']);
      return text === undefined ? undefined : textPart(text);
    }
    case 'reasoning':
      return { type: 'reasoning', content: str(p['text']) ?? '' };
    case 'tool-call':
      return toolCallPart(str(p['toolCallId']), str(p['toolName']), p['input']);
    case 'tool-result':
      return toolResponsePart(str(p['toolCallId']), p['output']);
    default:
      return undefined;
  }
}

function messages(prompt: unknown): {
  system: MessagePart[];
  messages: ChatMessage[];
} {
  const system: MessagePart[] = [];
  const out: ChatMessage[] = [];
  for (const m of (arr(prompt) ?? []).filter(isObject)) {
    const role = str(m['role']) ?? 'user';
    const content = m['content'];
    if (role === 'system') {
      if (typeof content === 'string') system.push(textPart(content));
      continue;
    }
    const parts: MessagePart[] = [];
    if (typeof content === 'string') parts.push(textPart(content));
    for (const p of (arr(content) ?? []).filter(isObject)) {
      const converted = part(p);
      if (converted !== undefined) parts.push(converted);
    }
    out.push({ role, parts });
  }
  return { system, messages: out };
}

export function parseGatewayRequest(
  match: ProviderMatch,
  body: Uint8Array | string | undefined,
  options: ParseOptions,
): RequestFacts | undefined {
  const o = parseBodyObject(body);
  if (o === undefined) return undefined;
  const embeddings = match.operation === 'embeddings';
  if (match.confirmByBody && o[embeddings ? 'values' : 'prompt'] === undefined)
    return undefined;
  const facts: RequestFacts = {};
  if (match.model !== undefined) facts.model = match.model;
  if (match.streamFromUrl === true) facts.stream = true;
  if (embeddings) return facts;
  const maxTokens = int(o['maxOutputTokens']);
  if (maxTokens !== undefined) facts.maxTokens = maxTokens;
  const temperature = num(o['temperature']);
  if (temperature !== undefined) facts.temperature = temperature;
  const topP = num(o['topP']);
  if (topP !== undefined) facts.topP = topP;
  const topK = int(o['topK']);
  if (topK !== undefined) facts.topK = topK;
  const presence = num(o['presencePenalty']);
  if (presence !== undefined) facts.presencePenalty = presence;
  const frequency = num(o['frequencyPenalty']);
  if (frequency !== undefined) facts.frequencyPenalty = frequency;
  const stop = strings(o['stopSequences']);
  if (stop !== undefined) facts.stopSequences = stop;
  const seed = int(o['seed']);
  if (seed !== undefined) facts.seed = seed;
  const format = str(obj(o['responseFormat'])?.['type']);
  if (format === 'json' || format === 'text') facts.outputType = format;
  if (options.captureContent) {
    const { system, messages: input } = messages(o['prompt']);
    facts.inputMessages = input;
    if (system.length > 0) facts.systemInstructions = system;
    const tools = arr(o['tools']);
    if (tools !== undefined)
      facts.toolDefinitions = tools
        .filter(isObject)
        .map(t =>
          toolDefinition(str(t['type']) ?? 'function', str(t['name']) ?? ''),
        );
  }
  return facts;
}
