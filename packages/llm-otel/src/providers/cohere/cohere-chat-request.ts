// Request facts for Cohere v2 chat (POST /v2/chat): k → top_k, p → top_p.

import {
  arr,
  int,
  isObject,
  num,
  obj,
  parseBodyObject,
  str,
  strings,
} from '../json/json-value.js';
import type { ParseOptions, ProviderMatch, RequestFacts } from '../types.js';
import { toolDefinition } from '../common/parts.js';
import { cohereInputMessages } from './cohere-messages.js';

export function parseCohereChatRequest(
  match: ProviderMatch,
  body: Uint8Array | string | undefined,
  options: ParseOptions,
): RequestFacts | undefined {
  const o = parseBodyObject(body);
  if (o === undefined) return undefined;
  if (match.confirmByBody && o['messages'] === undefined) return undefined;
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
  const format = str(obj(o['response_format'])?.['type']);
  if (format === 'json_object') facts.outputType = 'json';
  else if (format === 'text') facts.outputType = 'text';
  if (options.captureContent) {
    facts.inputMessages = cohereInputMessages(o['messages']);
    const tools = arr(o['tools']);
    if (tools !== undefined)
      facts.toolDefinitions = tools
        .filter(isObject)
        .map(t =>
          toolDefinition(
            str(t['type']) ?? 'function',
            str(obj(t['function'])?.['name']) ?? '',
          ),
        );
  }
  return facts;
}

/** Billed units when present, else the raw token counts. */
