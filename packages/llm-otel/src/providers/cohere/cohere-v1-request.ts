// Request facts for Cohere v1: POST /v1/chat (`message` + `chat_history`)
// and the legacy POST /v1/generate (`prompt`). k → top_k, p → top_p.

import { int, obj, parseBodyObject, str } from '../json/json-value.js';
import type { ParseOptions, ProviderMatch, RequestFacts } from '../types.js';
import { textPart } from '../common/parts.js';
import { cohereSamplingFacts } from './cohere-sampling-facts.js';
import { v1InputMessages, v1ToolDefinitions } from './cohere-v1-messages.js';

export function parseCohereV1ChatRequest(
  match: ProviderMatch,
  body: Uint8Array | string | undefined,
  options: ParseOptions,
): RequestFacts | undefined {
  const o = parseBodyObject(body);
  if (o === undefined) return undefined;
  // v2 bodies carry `messages`; v1 a `message` string.
  if (match.confirmByBody && typeof o['message'] !== 'string') return undefined;
  const facts = cohereSamplingFacts(o, match);
  const format = str(obj(o['response_format'])?.['type']);
  if (format === 'json_object') facts.outputType = 'json';
  else if (format === 'text') facts.outputType = 'text';
  const conversation = str(o['conversation_id']);
  if (conversation !== undefined) facts.conversationId = conversation;
  if (options.captureContent) {
    facts.inputMessages = v1InputMessages(o);
    const preamble = str(o['preamble']);
    if (preamble !== undefined) facts.systemInstructions = [textPart(preamble)];
    const tools = v1ToolDefinitions(o['tools']);
    if (tools !== undefined) facts.toolDefinitions = tools;
  }
  return facts;
}

export function parseCohereGenerateRequest(
  match: ProviderMatch,
  body: Uint8Array | string | undefined,
  options: ParseOptions,
): RequestFacts | undefined {
  const o = parseBodyObject(body);
  if (o === undefined) return undefined;
  const prompt = str(o['prompt']);
  if (match.confirmByBody && prompt === undefined) return undefined;
  const facts = cohereSamplingFacts(o, match);
  const n = int(o['num_generations']);
  if (n !== undefined && n !== 1) facts.choiceCount = n;
  if (options.captureContent && prompt !== undefined)
    facts.inputMessages = [{ role: 'user', parts: [textPart(prompt)] }];
  return facts;
}
