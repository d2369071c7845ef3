// Request facts for Mistral's Conversations API (POST /v1/conversations,
// /v1/conversations/{id}, /v1/conversations/{id}/restart). Sampling lives in
// `completion_args`; a start names `model` or `agent_id`, an append neither
// (the conversation keeps its model), so the response names the model.

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
import { textPart, toolDefinition, toolResponsePart } from '../common/parts.js';
import { readCommonParams } from '../openai/openai-request-params.js';

/** Text of a message's content: a string, or text chunks. */
export function conversationText(content: unknown): string | undefined {
  if (typeof content === 'string') return content;
  const chunks = arr(content);
  if (chunks === undefined) return undefined;
  let text = '';
  for (const chunk of chunks) {
    const t = str(obj(chunk)?.['text']);
    if (t !== undefined) text += t;
  }
  return text;
}

function inputMessages(inputs: unknown): ChatMessage[] {
  if (typeof inputs === 'string')
    return [{ role: 'user', parts: [textPart(inputs)] }];
  const messages: ChatMessage[] = [];
  for (const entry of (arr(inputs) ?? []).filter(isObject)) {
    const type = str(entry['type']) ?? 'message.input';
    if (type === 'function.result') {
      messages.push({
        role: 'tool',
        parts: [toolResponsePart(str(entry['tool_call_id']), entry['result'])],
      });
      continue;
    }
    const text = conversationText(entry['content']);
    if (text === undefined) continue;
    messages.push({
      role: str(entry['role']) ?? 'user',
      parts: [textPart(text)],
    });
  }
  return messages;
}

function toolDefinitions(tools: unknown): MessagePart[] | undefined {
  const list = arr(tools);
  return list
    ?.filter(isObject)
    .map(t =>
      toolDefinition(
        str(t['type']) ?? 'function',
        str(obj(t['function'])?.['name']) ?? str(t['type']) ?? '',
      ),
    );
}

export function parseConversationRequest(
  match: ProviderMatch,
  body: Uint8Array | string | undefined,
  options: ParseOptions,
): RequestFacts | undefined {
  const o = parseBodyObject(body);
  if (o === undefined) return undefined;
  if (match.confirmByBody && o['inputs'] === undefined) return undefined;
  const facts: RequestFacts = {};
  const args: JsonObject | undefined = obj(o['completion_args']);
  if (args !== undefined) {
    readCommonParams(args, facts);
    const maxTokens = int(args['max_tokens']);
    if (maxTokens !== undefined) facts.maxTokens = maxTokens;
  }
  // Top level only: completion_args carries neither.
  delete facts.model;
  delete facts.stream;
  const model = str(o['model']);
  if (model !== undefined) facts.model = model;
  if (o['stream'] === true) facts.stream = true;
  if (match.conversationId !== undefined)
    facts.conversationId = match.conversationId;
  if (options.captureContent) {
    facts.inputMessages = inputMessages(o['inputs']);
    const instructions = str(o['instructions']);
    if (instructions !== undefined)
      facts.systemInstructions = [textPart(instructions)];
    const tools = toolDefinitions(o['tools']);
    if (tools !== undefined) facts.toolDefinitions = tools;
  }
  return facts;
}
