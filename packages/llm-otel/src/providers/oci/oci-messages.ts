// GENERIC and COHEREV2 chat messages mapped to semconv messages. Both carry
// `content` as typed items: TEXT, IMAGE (GENERIC `imageUrl`) or IMAGE_URL
// (COHEREV2), AUDIO, VIDEO, DOCUMENT (GENERIC by URL, COHEREV2 inline) and
// THINKING (COHEREV2). Assistant messages add `reasoningContent`, `refusal`
// (GENERIC) or `toolPlan` (COHEREV2), and `toolCalls`: GENERIC
// `{id,type,name,arguments}`, COHEREV2 `{id,type,function:{name,arguments}}`.
// Tool messages answer `toolCallId`.

import { arr, isObject, obj, str } from '../json/json-value.js';
import type { JsonObject } from '../json/json-value.js';
import type { ChatMessage, MessagePart } from '../types.js';
import {
  textPart,
  toolCallPart,
  toolDefinition,
  toolResponsePart,
  urlPart,
} from '../common/parts.js';
import { ociRole } from './oci-role.js';

/** The field holding the URL of each media item type, and its modality. */
const MEDIA: Readonly<Record<string, readonly [string, string]>> = {
  IMAGE: ['imageUrl', 'image'],
  IMAGE_URL: ['imageUrl', 'image'],
  AUDIO: ['audioUrl', 'audio'],
  VIDEO: ['videoUrl', 'video'],
  DOCUMENT: ['documentUrl', 'document'],
};

function contentParts(content: unknown): MessagePart[] {
  const parts: MessagePart[] = [];
  for (const item of arr(content) ?? []) {
    const p = obj(item);
    if (p === undefined) continue;
    const type = str(p['type']);
    if (type === 'TEXT') parts.push(textPart(str(p['text']) ?? ''));
    else if (type === 'THINKING')
      parts.push({ type: 'reasoning', content: str(p['thinking']) ?? '' });
    else if (type !== undefined) {
      const media = MEDIA[type];
      const url =
        media === undefined ? undefined : str(obj(p[media[0]])?.['url']);
      parts.push(
        media !== undefined && url !== undefined
          ? urlPart(url, media[1])
          : { type },
      );
    }
  }
  return parts;
}

function toolCallParts(value: unknown): MessagePart[] {
  return (arr(value) ?? []).filter(isObject).map(call => {
    const fn = obj(call['function']);
    const id = str(call['id']);
    return toolCallPart(
      id === '' ? undefined : id,
      str(call['name']) ?? str(fn?.['name']),
      call['arguments'] ?? fn?.['arguments'],
    );
  });
}

/** What a tool answered: its text when every item is TEXT, else the items. */
function toolResponse(content: unknown): unknown {
  const items = arr(content);
  if (items === undefined || items.length === 0) return content;
  let text = '';
  for (const item of items) {
    const p = obj(item);
    const piece = p?.['type'] === 'TEXT' ? str(p['text']) : undefined;
    if (piece === undefined) return content;
    text += piece;
  }
  return text;
}

/** Reasoning, content, refusal and tool calls of a non-tool message. */
function messageParts(m: JsonObject | undefined): MessagePart[] {
  const parts: MessagePart[] = [];
  const reasoning = str(m?.['reasoningContent']) ?? str(m?.['toolPlan']);
  if (reasoning !== undefined)
    parts.push({ type: 'reasoning', content: reasoning });
  parts.push(...contentParts(m?.['content']));
  const refusal = str(m?.['refusal']);
  if (refusal !== undefined) parts.push(textPart(refusal));
  parts.push(...toolCallParts(m?.['toolCalls']));
  return parts;
}

export function ociInputMessages(messages: unknown): ChatMessage[] {
  const out: ChatMessage[] = [];
  for (const item of arr(messages) ?? []) {
    const m = obj(item);
    if (m === undefined) continue;
    const role = ociRole(str(m['role']), 'user');
    const parts =
      role === 'tool'
        ? [toolResponsePart(str(m['toolCallId']), toolResponse(m['content']))]
        : messageParts(m);
    const name = str(m['name']);
    out.push(name === undefined ? { role, parts } : { role, parts, name });
  }
  return out;
}

/** The message of a GENERIC choice or of a COHEREV2 answer. */
export function ociOutputMessage(
  m: JsonObject | undefined,
  finishReason: string | undefined,
): ChatMessage {
  const role = ociRole(str(m?.['role']), 'assistant');
  const parts = messageParts(m);
  return finishReason === undefined
    ? { role, parts }
    : { role, parts, finish_reason: finishReason };
}

/** GENERIC `{type:"FUNCTION",name}`, COHEREV2 `{type,function:{name}}`. */
export function ociToolDefinitions(tools: unknown): MessagePart[] | undefined {
  const list = arr(tools);
  if (list === undefined) return undefined;
  return list.filter(isObject).map(t => {
    const type = str(t['type'])?.toLowerCase() ?? 'function';
    const name = str(t['name']) ?? str(obj(t['function'])?.['name']) ?? '';
    return toolDefinition(type, name);
  });
}
