// Cohere v1 chat (`message`, `preamble`, `chat_history`, `tool_results`)
// mapped to semconv messages. v1 roles are upper case: USER, CHATBOT,
// SYSTEM, TOOL.

import { arr, isObject, obj, str } from '../json/json-value.js';
import type { ChatMessage, MessagePart } from '../types.js';
import {
  textPart,
  toolCallPart,
  toolDefinition,
  toolResponsePart,
} from '../common/parts.js';

const ROLES: Readonly<Record<string, string>> = {
  USER: 'user',
  CHATBOT: 'assistant',
  SYSTEM: 'system',
  TOOL: 'tool',
};

/** v1 tool calls are `{name, parameters}` objects without ids. */
export function v1ToolCalls(value: unknown): MessagePart[] {
  return (arr(value) ?? [])
    .filter(isObject)
    .map(call =>
      toolCallPart(undefined, str(call['name']), call['parameters'] ?? {}),
    );
}

function toolResults(value: unknown): MessagePart[] {
  return (arr(value) ?? [])
    .filter(isObject)
    .map(r => toolResponsePart(undefined, r['outputs']));
}

function historyMessage(m: Readonly<Record<string, unknown>>): ChatMessage {
  const raw = str(m['role']) ?? 'USER';
  const role = ROLES[raw] ?? raw.toLowerCase();
  if (role === 'tool') return { role, parts: toolResults(m['tool_results']) };
  const text = str(m['message']);
  const parts = [
    ...(text === undefined ? [] : [textPart(text)]),
    ...v1ToolCalls(m['tool_calls']),
  ];
  return { role, parts };
}

/** chat_history, then tool_results (a tool turn), then the new message. */
export function v1InputMessages(
  o: Readonly<Record<string, unknown>>,
): ChatMessage[] {
  const out: ChatMessage[] = [];
  for (const item of arr(o['chat_history']) ?? []) {
    const m = obj(item);
    if (m !== undefined) out.push(historyMessage(m));
  }
  const results = toolResults(o['tool_results']);
  if (results.length > 0) out.push({ role: 'tool', parts: results });
  const message = str(o['message']);
  if (message !== undefined && message !== '')
    out.push({ role: 'user', parts: [textPart(message)] });
  return out;
}

export function v1ToolDefinitions(tools: unknown): MessagePart[] | undefined {
  const list = arr(tools);
  if (list === undefined) return undefined;
  return list
    .filter(isObject)
    .map(t => toolDefinition('function', str(t['name']) ?? ''));
}
