// Request facts for the OpenAI Responses API (POST /responses) and for
// GET /responses/{id} (fetch_response), which has no body.

import {
  arr,
  int,
  isObject,
  obj,
  parseBodyObject,
  str,
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
  urlPart,
} from '../common/parts.js';
import { outputTypeOf, readCommonParams } from './openai-request-params.js';

function inputParts(content: unknown): MessagePart[] {
  if (typeof content === 'string') return [textPart(content)];
  const parts: MessagePart[] = [];
  for (const item of arr(content) ?? []) {
    const p = obj(item);
    if (p === undefined) continue;
    const type = str(p['type']);
    const text = str(p['text']);
    if (text !== undefined) parts.push(textPart(text));
    else if (type === 'input_image') {
      const url = str(p['image_url']);
      const file = str(p['file_id']);
      if (url !== undefined) parts.push(urlPart(url, 'image'));
      else if (file !== undefined)
        parts.push({ type: 'file', modality: 'image', file_id: file });
    } else if (type === 'input_file') {
      const file = str(p['file_id']);
      if (file !== undefined)
        parts.push({ type: 'file', modality: 'document', file_id: file });
      else parts.push({ type: 'file', modality: 'document' });
    } else if (type !== undefined) parts.push({ type });
  }
  return parts;
}

function reasoningText(item: JsonObject): string {
  return (arr(item['summary']) ?? [])
    .map(s => str(obj(s)?.['text']) ?? '')
    .join('');
}

/** Maps Responses input/output items to messages; consecutive items of one role merge. */
export function responsesItemsToMessages(items: unknown): ChatMessage[] {
  if (typeof items === 'string')
    return [{ role: 'user', parts: [textPart(items)] }];
  const out: { role: string; parts: MessagePart[] }[] = [];
  const push = (role: string, parts: MessagePart[]): void => {
    const last = out[out.length - 1];
    if (last !== undefined && last.role === role) last.parts.push(...parts);
    else out.push({ role, parts });
  };
  for (const entry of arr(items) ?? []) {
    const item = obj(entry);
    if (item === undefined) continue;
    const type = str(item['type']) ?? 'message';
    if (type === 'message') {
      push(str(item['role']) ?? 'user', inputParts(item['content']));
    } else if (type === 'function_call' || type === 'custom_tool_call') {
      push('assistant', [
        toolCallPart(
          str(item['call_id']),
          str(item['name']),
          item['arguments'] ?? item['input'],
        ),
      ]);
    } else if (
      type === 'function_call_output' ||
      type === 'custom_tool_call_output'
    ) {
      push('tool', [toolResponsePart(str(item['call_id']), item['output'])]);
    } else if (type === 'reasoning') {
      push('assistant', [{ type: 'reasoning', content: reasoningText(item) }]);
    }
  }
  return out;
}

function toolDefinitions(tools: unknown): MessagePart[] | undefined {
  const list = arr(tools);
  if (list === undefined) return undefined;
  return list.filter(isObject).map(t => {
    const type = str(t['type']) ?? 'function';
    return toolDefinition(type, str(t['name']) ?? type);
  });
}

export function parseResponsesRequest(
  match: ProviderMatch,
  body: Uint8Array | string | undefined,
  options: ParseOptions,
): RequestFacts | undefined {
  if (match.operation === 'fetch_response') {
    return match.model === undefined ? {} : { model: match.model };
  }
  const o = parseBodyObject(body);
  if (o === undefined) return undefined;
  if (
    match.confirmByBody &&
    o['input'] === undefined &&
    o['prompt'] === undefined
  )
    return undefined;
  const facts: RequestFacts = {};
  readCommonParams(o, facts);
  if (match.model !== undefined && facts.model === undefined)
    facts.model = match.model;
  const maxTokens = int(o['max_output_tokens']);
  if (maxTokens !== undefined) facts.maxTokens = maxTokens;
  const effort = str(obj(o['reasoning'])?.['effort']);
  if (effort !== undefined) facts.reasoningLevel = effort;
  const outputType = outputTypeOf(obj(obj(o['text'])?.['format'])?.['type']);
  if (outputType !== undefined) facts.outputType = outputType;
  const previous = str(o['previous_response_id']);
  if (previous !== undefined) facts.previousResponseId = previous;
  const conversation =
    str(o['conversation']) ?? str(obj(o['conversation'])?.['id']);
  if (conversation !== undefined) facts.conversationId = conversation;
  if (options.captureContent) {
    facts.inputMessages = responsesItemsToMessages(o['input']);
    const instructions = str(o['instructions']);
    if (instructions !== undefined)
      facts.systemInstructions = [textPart(instructions)];
    const tools = toolDefinitions(o['tools']);
    if (tools !== undefined) facts.toolDefinitions = tools;
  }
  return facts;
}
