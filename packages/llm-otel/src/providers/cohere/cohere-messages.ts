// Cohere v2 chat messages mapped to semconv message parts.

import { arr, isObject, obj, str } from '../json/json-value.js';
import type { ChatMessage, MessagePart } from '../types.js';
import { textPart, toolCallPart, toolResponsePart } from '../common/parts.js';

export function contentParts(content: unknown): MessagePart[] {
  if (typeof content === 'string') return [textPart(content)];
  const parts: MessagePart[] = [];
  for (const item of arr(content) ?? []) {
    const p = obj(item);
    if (p === undefined) continue;
    const type = str(p['type']);
    if (type === 'text') parts.push(textPart(str(p['text']) ?? ''));
    else if (type === 'thinking')
      parts.push({ type: 'reasoning', content: str(p['thinking']) ?? '' });
    else if (type !== undefined) parts.push({ type });
  }
  return parts;
}

export function toolCalls(value: unknown): MessagePart[] {
  return (arr(value) ?? []).filter(isObject).map(call => {
    const fn = obj(call['function']);
    return toolCallPart(str(call['id']), str(fn?.['name']), fn?.['arguments']);
  });
}

export function cohereInputMessages(messages: unknown): ChatMessage[] {
  const out: ChatMessage[] = [];
  for (const item of arr(messages) ?? []) {
    const m = obj(item);
    if (m === undefined) continue;
    const role = str(m['role']) ?? 'user';
    const parts =
      role === 'tool'
        ? [toolResponsePart(str(m['tool_call_id']), m['content'])]
        : [...contentParts(m['content']), ...toolCalls(m['tool_calls'])];
    out.push({ role, parts });
  }
  return out;
}
