// Request facts for Anthropic POST /v1/messages.

import {
  int,
  num,
  obj,
  parseBodyObject,
  str,
  strings,
} from '../json/json-value.js';
import type { ParseOptions, ProviderMatch, RequestFacts } from '../types.js';
import {
  anthropicInputMessages,
  anthropicSystem,
  anthropicTools,
} from './anthropic-messages.js';

export function parseMessagesRequest(
  match: ProviderMatch,
  body: Uint8Array | string | undefined,
  options: ParseOptions,
): RequestFacts | undefined {
  const o = parseBodyObject(body);
  if (o === undefined) return undefined;
  if (match.confirmByBody && o['messages'] === undefined) return undefined;
  const facts: RequestFacts = {};
  const model = match.model ?? str(o['model']);
  if (model !== undefined) facts.model = model;
  if (o['stream'] === true) facts.stream = true;
  const maxTokens = int(o['max_tokens']);
  if (maxTokens !== undefined) facts.maxTokens = maxTokens;
  // Dropped from the 1.x SDK types, still sent by older clients.
  const temperature = num(o['temperature']);
  if (temperature !== undefined) facts.temperature = temperature;
  const topP = num(o['top_p']);
  if (topP !== undefined) facts.topP = topP;
  const topK = int(o['top_k']);
  if (topK !== undefined) facts.topK = topK;
  const stop = strings(o['stop_sequences']);
  if (stop !== undefined) facts.stopSequences = stop;
  const outputConfig = obj(o['output_config']);
  const effort = str(outputConfig?.['effort']);
  if (effort !== undefined) facts.reasoningLevel = effort;
  if (outputConfig?.['format'] !== undefined) facts.outputType = 'json';
  const tier = str(o['service_tier']);
  if (tier !== undefined) facts.serviceTier = tier;
  if (options.captureContent) {
    facts.inputMessages = anthropicInputMessages(o['messages']);
    const system = anthropicSystem(o['system']);
    if (system !== undefined) facts.systemInstructions = system;
    const tools = anthropicTools(o['tools']);
    if (tools !== undefined) facts.toolDefinitions = tools;
  }
  return facts;
}
