// Gemini `contents` / `parts` mapped to semconv message parts.

import { arr, isObject, obj, str } from '../json/json-value.js';
import type { ChatMessage, MessagePart } from '../types.js';
import {
  modalityOf,
  textPart,
  toolCallPart,
  toolDefinition,
  toolResponsePart,
} from '../common/parts.js';

/** Gemini calls the assistant "model". */
export function roleOf(role: unknown): string {
  const r = str(role);
  if (r === 'model') return 'assistant';
  return r ?? 'user';
}

export function geminiParts(parts: unknown): MessagePart[] {
  const out: MessagePart[] = [];
  for (const item of arr(parts) ?? []) {
    const p = obj(item);
    if (p === undefined) continue;
    const text = str(p['text']);
    if (text !== undefined) {
      out.push(
        p['thought'] === true
          ? { type: 'reasoning', content: text }
          : textPart(text),
      );
      continue;
    }
    const call = obj(p['functionCall']);
    if (call !== undefined) {
      out.push(toolCallPart(str(call['id']), str(call['name']), call['args']));
      continue;
    }
    const response = obj(p['functionResponse']);
    if (response !== undefined) {
      out.push(toolResponsePart(str(response['id']), response['response']));
      continue;
    }
    const inline = obj(p['inlineData']);
    if (inline !== undefined) {
      const mime = str(inline['mimeType']);
      out.push({
        type: 'blob',
        modality: modalityOf(mime),
        ...(mime !== undefined ? { mime_type: mime } : {}),
        content: str(inline['data']) ?? '',
      });
      continue;
    }
    const file = obj(p['fileData']);
    if (file !== undefined) {
      const mime = str(file['mimeType']);
      out.push({
        type: 'uri',
        modality: modalityOf(mime),
        ...(mime !== undefined ? { mime_type: mime } : {}),
        uri: str(file['fileUri']) ?? '',
      });
      continue;
    }
    const key = Object.keys(p).find(k => k !== 'thoughtSignature');
    if (key !== undefined) out.push({ type: key });
  }
  return out;
}

export function geminiInputMessages(contents: unknown): ChatMessage[] {
  if (typeof contents === 'string')
    return [{ role: 'user', parts: [textPart(contents)] }];
  const out: ChatMessage[] = [];
  for (const item of arr(contents) ?? []) {
    const c = obj(item);
    if (c === undefined) continue;
    out.push({ role: roleOf(c['role']), parts: geminiParts(c['parts']) });
  }
  return out;
}

export function geminiSystem(instruction: unknown): MessagePart[] | undefined {
  if (instruction === undefined) return undefined;
  if (typeof instruction === 'string') return [textPart(instruction)];
  return geminiParts(obj(instruction)?.['parts']).filter(
    p => p.type === 'text',
  );
}

/** `tools: [{functionDeclarations:[{name}]}, {googleSearch:{}}, ...]`. */
export function geminiTools(tools: unknown): MessagePart[] | undefined {
  const list = arr(tools);
  if (list === undefined) return undefined;
  const out: MessagePart[] = [];
  for (const item of list) {
    if (!isObject(item)) continue;
    for (const [key, value] of Object.entries(item)) {
      if (key === 'functionDeclarations') {
        for (const fn of arr(value) ?? [])
          out.push(toolDefinition('function', str(obj(fn)?.['name']) ?? ''));
      } else {
        out.push(toolDefinition(key, key));
      }
    }
  }
  return out;
}
