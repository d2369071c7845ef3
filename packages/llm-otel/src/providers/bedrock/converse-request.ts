// Request facts for Converse and ConverseStream: the model comes from the
// URL, parameters from inferenceConfig (top_k from additionalModelRequestFields).

import {
  int,
  num,
  obj,
  parseBodyObject,
  str,
  strings,
} from '../json/json-value.js';
import type { ParseOptions, ProviderMatch, RequestFacts } from '../types.js';
import { urlFacts } from '../common/safe-parse-request.js';
import {
  converseInputMessages,
  converseSystem,
  converseTools,
} from './converse-messages.js';

export function parseConverseRequest(
  match: ProviderMatch,
  body: Uint8Array | string | undefined,
  options: ParseOptions,
): RequestFacts {
  const facts = urlFacts(match);
  const o = parseBodyObject(body);
  if (o === undefined) return facts;
  const config = obj(o['inferenceConfig']);
  const maxTokens = int(config?.['maxTokens']);
  if (maxTokens !== undefined) facts.maxTokens = maxTokens;
  const temperature = num(config?.['temperature']);
  if (temperature !== undefined) facts.temperature = temperature;
  const topP = num(config?.['topP']);
  if (topP !== undefined) facts.topP = topP;
  const stop = strings(config?.['stopSequences']);
  if (stop !== undefined) facts.stopSequences = stop;
  const extra = obj(o['additionalModelRequestFields']);
  const topK = int(extra?.['top_k']) ?? int(extra?.['topK']);
  if (topK !== undefined) facts.topK = topK;
  const tier = str(obj(o['serviceTier'])?.['type']) ?? str(o['serviceTier']);
  if (tier !== undefined) facts.serviceTier = tier;
  if (obj(o['outputConfig'])?.['textFormat'] !== undefined)
    facts.outputType = 'json';
  if (options.captureContent) {
    facts.inputMessages = converseInputMessages(o['messages']);
    const system = converseSystem(o['system']);
    if (system !== undefined) facts.systemInstructions = system;
    const tools = converseTools(o['toolConfig']);
    if (tools !== undefined) facts.toolDefinitions = tools;
  }
  return facts;
}
