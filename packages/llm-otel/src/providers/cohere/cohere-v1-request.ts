// Request facts for Cohere v1: POST /v1/chat (`message` + `chat_history`)
// and the legacy POST /v1/generate (`prompt`). k → top_k, p → top_p.

import {
  int,
  num,
  obj,
  parseBodyObject,
  str,
  strings,
} from '../json/json-value.js';
import type { JsonObject } from '../json/json-value.js';
import type { ParseOptions, ProviderMatch, RequestFacts } from '../types.js';
import { textPart } from '../common/parts.js';
import { v1InputMessages, v1ToolDefinitions } from './cohere-v1-messages.js';

/** Sampling fields both v1 endpoints share. */
function commonFacts(o: JsonObject, match: ProviderMatch): RequestFacts {
  const facts: RequestFacts = {};
  const model = str(o['model']) ?? match.model;
  if (model !== undefined) facts.model = model;
  if (o['stream'] === true) facts.stream = true;
  const temperature = num(o['temperature']);
  if (temperature !== undefined) facts.temperature = temperature;
  const p = num(o['p']);
  if (p !== undefined) facts.topP = p;
  const k = int(o['k']);
  if (k !== undefined) facts.topK = k;
  const maxTokens = int(o['max_tokens']);
  if (maxTokens !== undefined) facts.maxTokens = maxTokens;
  const stop = strings(o['stop_sequences']);
  if (stop !== undefined) facts.stopSequences = stop;
  const seed = int(o['seed']);
  if (seed !== undefined) facts.seed = seed;
  const frequency = num(o['frequency_penalty']);
  if (frequency !== undefined) facts.frequencyPenalty = frequency;
  const presence = num(o['presence_penalty']);
  if (presence !== undefined) facts.presencePenalty = presence;
  return facts;
}

export function parseCohereV1ChatRequest(
  match: ProviderMatch,
  body: Uint8Array | string | undefined,
  options: ParseOptions,
): RequestFacts | undefined {
  const o = parseBodyObject(body);
  if (o === undefined) return undefined;
  // v2 bodies carry `messages`; v1 a `message` string.
  if (match.confirmByBody && typeof o['message'] !== 'string') return undefined;
  const facts = commonFacts(o, match);
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
  const facts = commonFacts(o, match);
  const n = int(o['num_generations']);
  if (n !== undefined && n !== 1) facts.choiceCount = n;
  if (options.captureContent && prompt !== undefined)
    facts.inputMessages = [{ role: 'user', parts: [textPart(prompt)] }];
  return facts;
}
