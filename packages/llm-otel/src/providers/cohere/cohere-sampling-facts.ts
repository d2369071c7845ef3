// Model, stream and sampling fields, named alike in every Cohere chat and
// generate body (v1 and v2): k → top_k, p → top_p.

import { int, num, str, strings } from '../json/json-value.js';
import type { JsonObject } from '../json/json-value.js';
import type { ProviderMatch, RequestFacts } from '../types.js';

/** Facts every Cohere generation request shares. */
export function cohereSamplingFacts(
  o: JsonObject,
  match: ProviderMatch,
): RequestFacts {
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
