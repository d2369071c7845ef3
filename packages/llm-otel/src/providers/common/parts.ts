// Small constructors for semconv message parts.

import type { MessagePart } from '../types.js';
import { parseArguments } from '../json/json-value.js';

export function textPart(content: string): MessagePart {
  return { type: 'text', content };
}

export function toolCallPart(
  id: string | undefined,
  name: string | undefined,
  args: unknown,
): MessagePart {
  const part: Record<string, unknown> = { type: 'tool_call' };
  if (id !== undefined) part['id'] = id;
  part['name'] = name ?? '';
  if (args !== undefined) part['arguments'] = parseArguments(args);
  return part as MessagePart;
}

export function toolResponsePart(
  id: string | undefined,
  response: unknown,
): MessagePart {
  const part: Record<string, unknown> = { type: 'tool_call_response' };
  if (id !== undefined) part['id'] = id;
  part['response'] = response;
  return part as MessagePart;
}

export function modalityOf(mimeType: string | undefined): string {
  if (mimeType === undefined) return 'document';
  if (mimeType.startsWith('image/')) return 'image';
  if (mimeType.startsWith('audio/')) return 'audio';
  if (mimeType.startsWith('video/')) return 'video';
  return 'document';
}

/** A `data:` URL becomes a blob part, anything else a uri part. */
export function urlPart(url: string, modality: string): MessagePart {
  const m = /^data:([^;,]+)?(?:;[^,]*)?,(.*)$/s.exec(url);
  if (m !== null) {
    const part: Record<string, unknown> = { type: 'blob', modality };
    if (m[1] !== undefined) part['mime_type'] = m[1];
    part['content'] = m[2] ?? '';
    return part as MessagePart;
  }
  return { type: 'uri', modality, uri: url };
}

/** Tool definitions keep only type and name (semconv default). */
export function toolDefinition(type: string, name: string): MessagePart {
  return { type, name };
}
