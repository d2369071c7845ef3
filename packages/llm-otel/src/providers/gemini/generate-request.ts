// Request facts for Gemini generateContent / streamGenerateContent and the
// embed methods. The model comes from the URL.

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
  geminiInputMessages,
  geminiSystem,
  geminiTools,
} from './gemini-content.js';

function withModel(match: ProviderMatch): RequestFacts {
  const facts: RequestFacts = {};
  if (match.model !== undefined) facts.model = match.model;
  if (match.streamFromUrl === true) facts.stream = true;
  return facts;
}

export function parseGenerateRequest(
  match: ProviderMatch,
  body: Uint8Array | string | undefined,
  options: ParseOptions,
): RequestFacts | undefined {
  const o = parseBodyObject(body);
  if (o === undefined) return undefined;
  if (match.confirmByBody && o['contents'] === undefined) return undefined;
  const facts = withModel(match);
  const config = obj(o['generationConfig']) ?? obj(o['generation_config']);
  if (config !== undefined) {
    const temperature = num(config['temperature']);
    if (temperature !== undefined) facts.temperature = temperature;
    const topP = num(config['topP']);
    if (topP !== undefined) facts.topP = topP;
    const topK = num(config['topK']);
    if (topK !== undefined) facts.topK = Math.round(topK);
    const maxTokens = int(config['maxOutputTokens']);
    if (maxTokens !== undefined) facts.maxTokens = maxTokens;
    const stop = strings(config['stopSequences']);
    if (stop !== undefined) facts.stopSequences = stop;
    const seed = int(config['seed']);
    if (seed !== undefined) facts.seed = seed;
    const candidates = int(config['candidateCount']);
    if (candidates !== undefined) facts.choiceCount = candidates;
    const frequency = num(config['frequencyPenalty']);
    if (frequency !== undefined) facts.frequencyPenalty = frequency;
    const presence = num(config['presencePenalty']);
    if (presence !== undefined) facts.presencePenalty = presence;
    const mime = str(config['responseMimeType']);
    if (mime === 'application/json' || mime === 'text/x.enum')
      facts.outputType = 'json';
    else if (mime === 'text/plain') facts.outputType = 'text';
    const level = str(obj(config['thinkingConfig'])?.['thinkingLevel']);
    if (level !== undefined) facts.reasoningLevel = level;
  }
  if (options.captureContent) {
    facts.inputMessages = geminiInputMessages(o['contents']);
    const system = geminiSystem(
      o['systemInstruction'] ?? o['system_instruction'],
    );
    if (system !== undefined) facts.systemInstructions = system;
    const tools = geminiTools(o['tools']);
    if (tools !== undefined) facts.toolDefinitions = tools;
  }
  return facts;
}

export function parseEmbedRequest(
  match: ProviderMatch,
  body: Uint8Array | string | undefined,
): RequestFacts | undefined {
  const o = parseBodyObject(body);
  if (o === undefined) return undefined;
  const shaped =
    o['content'] !== undefined ||
    o['requests'] !== undefined ||
    o['instances'] !== undefined;
  if (match.confirmByBody && !shaped) return undefined;
  return withModel(match);
}
