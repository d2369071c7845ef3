// Stream flag and sampling fields, named alike in every OCI generation
// request (chatRequest of each apiFormat, generateText's inferenceRequest);
// only the stop list is `stop` (GENERIC, LLAMA) or `stopSequences` (COHERE,
// COHEREV2).

import { int, num, strings } from '../json/json-value.js';
import type { JsonObject } from '../json/json-value.js';
import type { RequestFacts } from '../types.js';

export function ociSamplingFacts(r: JsonObject, facts: RequestFacts): void {
  if (r['isStream'] === true) facts.stream = true;
  const temperature = num(r['temperature']);
  if (temperature !== undefined) facts.temperature = temperature;
  const topP = num(r['topP']);
  if (topP !== undefined) facts.topP = topP;
  const topK = int(r['topK']);
  if (topK !== undefined) facts.topK = topK;
  // OpenAI reasoning models on OCI take maxCompletionTokens instead.
  const maxTokens = int(r['maxTokens']) ?? int(r['maxCompletionTokens']);
  if (maxTokens !== undefined) facts.maxTokens = maxTokens;
  const frequency = num(r['frequencyPenalty']);
  if (frequency !== undefined) facts.frequencyPenalty = frequency;
  const presence = num(r['presencePenalty']);
  if (presence !== undefined) facts.presencePenalty = presence;
  const stop = strings(r['stop']) ?? strings(r['stopSequences']);
  if (stop !== undefined) facts.stopSequences = stop;
  const seed = int(r['seed']);
  if (seed !== undefined) facts.seed = seed;
  const n = int(r['numGenerations']);
  if (n !== undefined) facts.choiceCount = n;
}
