// OpenAI chat messages mapped to the semconv input/output message shape.

import { arr, isObject, obj, str } from '../json/json-value.js';
import type { ChatMessage, MessagePart } from '../types.js';
import {
  textPart,
  toolCallPart,
  toolDefinition,
  toolResponsePart,
  urlPart,
} from '../common/parts.js';

function contentParts(content: unknown): MessagePart[] {
  if (typeof content === 'string') return [textPart(content)];
  const list = arr(content);
  if (list === undefined) return [];
  const parts: MessagePart[] = [];
  for (const item of list) {
    const p = obj(item);
    if (p === undefined) continue;
    const type = str(p['type']);
    const text = str(p['text']) ?? str(p['refusal']);
    if (text !== undefined) parts.push(textPart(text));
    else if (type === 'image_url') {
      const url = str(obj(p['image_url'])?.['url']);
      if (url !== undefined) parts.push(urlPart(url, 'image'));
    } else if (type === 'input_audio') {
      const audio = obj(p['input_audio']);
      const format = str(audio?.['format']);
      parts.push({
        type: 'blob',
        modality: 'audio',
        ...(format !== undefined ? { mime_type: `audio/${format}` } : {}),
        content: str(audio?.['data']) ?? '',
      });
    } else if (type === 'file') {
      const file = obj(p['file']);
      const id = str(file?.['file_id']);
      if (id !== undefined)
        parts.push({ type: 'file', modality: 'document', file_id: id });
    } else if (type !== undefined) parts.push({ type });
  }
  return parts;
}

function toolCallParts(value: unknown): MessagePart[] {
  const parts: MessagePart[] = [];
  for (const item of arr(value) ?? []) {
    const call = obj(item);
    if (call === undefined) continue;
    const fn = obj(call['function']);
    parts.push(
      toolCallPart(str(call['id']), str(fn?.['name']), fn?.['arguments']),
    );
  }
  return parts;
}

export function chatInputMessages(messages: unknown): ChatMessage[] {
  const out: ChatMessage[] = [];
  for (const item of arr(messages) ?? []) {
    const m = obj(item);
    if (m === undefined) continue;
    const role = str(m['role']) ?? 'user';
    let parts: MessagePart[];
    if (role === 'tool') {
      parts = [toolResponsePart(str(m['tool_call_id']), m['content'])];
    } else {
      parts = contentParts(m['content']);
      const reasoning = str(m['reasoning_content']);
      if (reasoning !== undefined)
        parts.unshift({ type: 'reasoning', content: reasoning });
      parts.push(...toolCallParts(m['tool_calls']));
    }
    const name = str(m['name']);
    out.push(name === undefined ? { role, parts } : { role, parts, name });
  }
  return out;
}

/** One output message per choice of a non-stream chat answer. */
export function chatOutputMessage(
  choice: Readonly<Record<string, unknown>>,
): ChatMessage {
  const m = obj(choice['message']);
  const parts: MessagePart[] = [];
  const reasoning = str(m?.['reasoning_content']) ?? str(m?.['reasoning']);
  if (reasoning !== undefined)
    parts.push({ type: 'reasoning', content: reasoning });
  // Legacy completions put the text on the choice itself.
  const content = str(m?.['content']) ?? str(choice['text']);
  if (content !== undefined) parts.push(textPart(content));
  const refusal = str(m?.['refusal']);
  if (refusal !== undefined) parts.push(textPart(refusal));
  parts.push(...toolCallParts(m?.['tool_calls']));
  const finish = str(choice['finish_reason']);
  const role = str(m?.['role']) ?? 'assistant';
  return finish === undefined
    ? { role, parts }
    : { role, parts, finish_reason: finish };
}

/** Chat `tools`: `{type:"function",function:{name}}` → `{type,name}`. */
export function chatToolDefinitions(tools: unknown): MessagePart[] | undefined {
  const list = arr(tools);
  if (list === undefined) return undefined;
  const out: MessagePart[] = [];
  for (const item of list) {
    if (!isObject(item)) continue;
    const type = str(item['type']) ?? 'function';
    const name =
      str(obj(item['function'])?.['name']) ?? str(item['name']) ?? type;
    out.push(toolDefinition(type, name));
  }
  return out;
}
