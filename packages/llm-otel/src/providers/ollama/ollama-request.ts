// Request facts for the Ollama native API. The server streams unless the body
// says `stream: false` (the JS client always sends the field).

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

function messageParts(m: Readonly<Record<string, unknown>>): MessagePart[] {
  const role = str(m['role']);
  const content = str(m['content']);
  if (role === 'tool')
    return [toolResponsePart(str(m['tool_call_id']), content)];
  const parts: MessagePart[] = [];
  const thinking = str(m['thinking']);
  if (thinking !== undefined && thinking !== '')
    parts.push({ type: 'reasoning', content: thinking });
  if (content !== undefined) parts.push(textPart(content));
  for (const image of arr(m['images']) ?? []) {
    if (typeof image === 'string')
      parts.push({ type: 'blob', modality: 'image', content: image });
  }
  for (const call of arr(m['tool_calls']) ?? []) {
    const fn = obj(obj(call)?.['function']);
    parts.push(
      toolCallPart(
        str(obj(call)?.['id']),
        str(fn?.['name']),
        fn?.['arguments'],
      ),
    );
  }
  return parts;
}

export function ollamaMessages(messages: unknown): ChatMessage[] {
  return (arr(messages) ?? []).filter(isObject).map(m => ({
    role: str(m['role']) ?? 'user',
    parts: messageParts(m),
  }));
}

export function parseOllamaRequest(
  match: ProviderMatch,
  body: Uint8Array | string | undefined,
  options: ParseOptions,
): RequestFacts | undefined {
  const o = parseBodyObject(body);
  if (o === undefined) return undefined;
  const shapeKey =
    match.api === 'ollama.chat'
      ? 'messages'
      : match.api === 'ollama.generate'
        ? 'prompt'
        : undefined;
  if (match.confirmByBody) {
    const shaped =
      shapeKey === undefined
        ? o['input'] !== undefined || o['prompt'] !== undefined
        : o[shapeKey] !== undefined;
    if (!shaped) return undefined;
  }
  const facts: RequestFacts = {};
  const model = str(o['model']);
  if (model !== undefined) facts.model = model;
  if (match.api !== 'ollama.embed' && o['stream'] !== false)
    facts.stream = true;
  const opts = obj(o['options']);
  if (opts !== undefined) {
    const temperature = num(opts['temperature']);
    if (temperature !== undefined) facts.temperature = temperature;
    const topP = num(opts['top_p']);
    if (topP !== undefined) facts.topP = topP;
    const topK = int(opts['top_k']);
    if (topK !== undefined) facts.topK = topK;
    const maxTokens = int(opts['num_predict']);
    if (maxTokens !== undefined) facts.maxTokens = maxTokens;
    const seed = int(opts['seed']);
    if (seed !== undefined) facts.seed = seed;
    const stop = strings(opts['stop']);
    if (stop !== undefined) facts.stopSequences = stop;
    const frequency = num(opts['frequency_penalty']);
    if (frequency !== undefined) facts.frequencyPenalty = frequency;
    const presence = num(opts['presence_penalty']);
    if (presence !== undefined) facts.presencePenalty = presence;
  }
  if (o['format'] !== undefined && o['format'] !== '')
    facts.outputType = 'json';
  const think = str(o['think']);
  if (think !== undefined) facts.reasoningLevel = think;
  if (options.captureContent && match.api !== 'ollama.embed') {
    facts.inputMessages =
      match.api === 'ollama.chat'
        ? ollamaMessages(o['messages'])
        : [{ role: 'user', parts: [textPart(str(o['prompt']) ?? '')] }];
    const system = str(o['system']);
    if (system !== undefined) facts.systemInstructions = [textPart(system)];
    const tools = arr(o['tools']);
    if (tools !== undefined)
      facts.toolDefinitions = tools
        .filter(isObject)
        .map(t =>
          toolDefinition(
            str(t['type']) ?? 'function',
            str(obj(t['function'])?.['name']) ?? '',
          ),
        );
  }
  return facts;
}
