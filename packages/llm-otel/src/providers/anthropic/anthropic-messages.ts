// Anthropic message content blocks mapped to semconv message parts.

import { arr, isObject, obj, str } from '../json/json-value.js';
import type { ChatMessage, MessagePart } from '../types.js';
import {
  textPart,
  toolCallPart,
  toolDefinition,
  toolResponsePart,
  urlPart,
} from '../common/parts.js';

export function blockParts(content: unknown): MessagePart[] {
  if (typeof content === 'string') return [textPart(content)];
  const parts: MessagePart[] = [];
  for (const item of arr(content) ?? []) {
    const b = obj(item);
    if (b === undefined) continue;
    const type = str(b['type']);
    switch (type) {
      case 'text':
        parts.push(textPart(str(b['text']) ?? ''));
        break;
      case 'thinking':
        parts.push({ type: 'reasoning', content: str(b['thinking']) ?? '' });
        break;
      case 'tool_use':
        parts.push(toolCallPart(str(b['id']), str(b['name']), b['input']));
        break;
      case 'tool_result':
        parts.push(toolResponsePart(str(b['tool_use_id']), b['content']));
        break;
      case 'image':
      case 'document': {
        const source = obj(b['source']);
        const modality = type === 'image' ? 'image' : 'document';
        const data = str(source?.['data']);
        const url = str(source?.['url']);
        const mime = str(source?.['media_type']);
        if (data !== undefined)
          parts.push({
            type: 'blob',
            modality,
            ...(mime !== undefined ? { mime_type: mime } : {}),
            content: data,
          });
        else if (url !== undefined) parts.push(urlPart(url, modality));
        else parts.push({ type: 'file', modality });
        break;
      }
      default:
        if (type !== undefined) parts.push({ type });
    }
  }
  return parts;
}

export function anthropicInputMessages(messages: unknown): ChatMessage[] {
  const out: ChatMessage[] = [];
  for (const item of arr(messages) ?? []) {
    const m = obj(item);
    if (m === undefined) continue;
    out.push({
      role: str(m['role']) ?? 'user',
      parts: blockParts(m['content']),
    });
  }
  return out;
}

/** `system` is a string or text blocks: only text parts are kept (semconv). */
export function anthropicSystem(system: unknown): MessagePart[] | undefined {
  if (system === undefined) return undefined;
  return blockParts(system).filter(p => p.type === 'text');
}

export function anthropicTools(tools: unknown): MessagePart[] | undefined {
  const list = arr(tools);
  if (list === undefined) return undefined;
  return list.filter(isObject).map(t => {
    const raw = str(t['type']);
    // Client tools have no type or "custom"; server tools are versioned types.
    const type = raw === undefined || raw === 'custom' ? 'function' : raw;
    return toolDefinition(type, str(t['name']) ?? type);
  });
}
