// The COHERE chat format (Cohere's v1 chat in camelCase): `message`,
// `chatHistory` of USER, CHATBOT, SYSTEM and TOOL turns, `toolResults` of
// the current turn, `preambleOverride` as system prompt. Tool calls are
// `{name, parameters}` without ids, as in Cohere v1.

import { arr, isObject, obj, str } from '../json/json-value.js';
import type { JsonObject } from '../json/json-value.js';
import type { ChatMessage, MessagePart } from '../types.js';
import { textPart, toolResponsePart } from '../common/parts.js';
import { v1ToolCalls } from '../cohere/cohere-v1-messages.js';
import { ociRole } from './oci-role.js';

function toolResults(value: unknown): MessagePart[] {
  return (arr(value) ?? [])
    .filter(isObject)
    .map(r => toolResponsePart(undefined, r['outputs']));
}

function historyMessage(m: JsonObject): ChatMessage {
  const role = ociRole(str(m['role']), 'user');
  if (role === 'tool') return { role, parts: toolResults(m['toolResults']) };
  const text = str(m['message']);
  const parts = [
    ...(text === undefined ? [] : [textPart(text)]),
    ...v1ToolCalls(m['toolCalls']),
  ];
  return { role, parts };
}

/** chatHistory, then toolResults (a tool turn), then the new message. */
export function ociCohereInputMessages(chat: JsonObject): ChatMessage[] {
  const out: ChatMessage[] = [];
  for (const item of arr(chat['chatHistory']) ?? []) {
    const m = obj(item);
    if (m !== undefined) out.push(historyMessage(m));
  }
  const results = toolResults(chat['toolResults']);
  if (results.length > 0) out.push({ role: 'tool', parts: results });
  const message = str(chat['message']);
  if (message !== undefined && message !== '')
    out.push({ role: 'user', parts: [textPart(message)] });
  return out;
}

/** A COHERE answer: its text and tool calls. */
export function ociCohereOutputMessage(
  chat: JsonObject,
  finishReason: string | undefined,
): ChatMessage {
  const text = str(chat['text']);
  const parts = [
    ...(text === undefined || text === '' ? [] : [textPart(text)]),
    ...v1ToolCalls(chat['toolCalls']),
  ];
  return finishReason === undefined
    ? { role: 'assistant', parts }
    : { role: 'assistant', parts, finish_reason: finishReason };
}
