// Converse content blocks mapped to semconv message parts.

import { arr, isObject, obj, str } from '../json/json-value.js';
import type { ChatMessage, MessagePart } from '../types.js';
import {
  textPart,
  toolCallPart,
  toolDefinition,
  toolResponsePart,
} from '../common/parts.js';

const MIME: Readonly<Record<string, string>> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  pdf: 'application/pdf',
};

function mediaPart(block: unknown, modality: string): MessagePart {
  const b = obj(block);
  const format = str(b?.['format']);
  const source = obj(b?.['source']);
  const bytes = str(source?.['bytes']);
  const uri = str(obj(source?.['s3Location'])?.['uri']);
  const mime = format === undefined ? undefined : (MIME[format] ?? format);
  const base = mime === undefined ? {} : { mime_type: mime };
  if (bytes !== undefined)
    return { type: 'blob', modality, ...base, content: bytes };
  if (uri !== undefined) return { type: 'uri', modality, ...base, uri };
  return { type: 'file', modality, ...base };
}

export function converseParts(content: unknown): MessagePart[] {
  const parts: MessagePart[] = [];
  for (const item of arr(content) ?? []) {
    const b = obj(item);
    if (b === undefined) continue;
    if (typeof b['text'] === 'string') parts.push(textPart(b['text']));
    else if (isObject(b['toolUse'])) {
      const t = b['toolUse'];
      parts.push(toolCallPart(str(t['toolUseId']), str(t['name']), t['input']));
    } else if (isObject(b['toolResult'])) {
      const t = b['toolResult'];
      parts.push(toolResponsePart(str(t['toolUseId']), t['content']));
    } else if (isObject(b['reasoningContent'])) {
      const text = str(obj(b['reasoningContent']['reasoningText'])?.['text']);
      parts.push({ type: 'reasoning', content: text ?? '' });
    } else if (b['image'] !== undefined)
      parts.push(mediaPart(b['image'], 'image'));
    else if (b['document'] !== undefined)
      parts.push(mediaPart(b['document'], 'document'));
    else if (b['video'] !== undefined)
      parts.push(mediaPart(b['video'], 'video'));
    // cachePoint and guardContent markers carry no content of their own.
  }
  return parts;
}

export function converseInputMessages(messages: unknown): ChatMessage[] {
  const out: ChatMessage[] = [];
  for (const item of arr(messages) ?? []) {
    const m = obj(item);
    if (m === undefined) continue;
    out.push({
      role: str(m['role']) ?? 'user',
      parts: converseParts(m['content']),
    });
  }
  return out;
}

/** `system` blocks: only text parts are kept (semconv). */
export function converseSystem(system: unknown): MessagePart[] | undefined {
  if (arr(system) === undefined) return undefined;
  return converseParts(system).filter(p => p.type === 'text');
}

export function converseTools(toolConfig: unknown): MessagePart[] | undefined {
  const tools = arr(obj(toolConfig)?.['tools']);
  if (tools === undefined) return undefined;
  const out: MessagePart[] = [];
  for (const t of tools) {
    const name = str(obj(obj(t)?.['toolSpec'])?.['name']);
    if (name !== undefined) out.push(toolDefinition('function', name));
  }
  return out;
}
