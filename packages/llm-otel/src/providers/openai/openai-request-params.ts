// Sampling and output parameters shared by OpenAI-shaped request bodies.

import { int, num, obj, str, strings } from '../json/json-value.js';
import type { JsonObject } from '../json/json-value.js';
import type { RequestFacts } from '../types.js';

/** gen_ai.output.type from an OpenAI `response_format` / `text.format` type. */
export function outputTypeOf(formatType: unknown): string | undefined {
  if (formatType === 'json_object' || formatType === 'json_schema')
    return 'json';
  if (formatType === 'text') return 'text';
  return undefined;
}

export function readCommonParams(o: JsonObject, facts: RequestFacts): void {
  // watsonx.ai's chat names it model_id.
  const model = str(o['model']) ?? str(o['model_id']);
  if (model !== undefined) facts.model = model;
  if (o['stream'] === true) facts.stream = true;
  const temperature = num(o['temperature']);
  if (temperature !== undefined) facts.temperature = temperature;
  const topP = num(o['top_p']);
  if (topP !== undefined) facts.topP = topP;
  // Not OpenAI, but vLLM, Together and others accept it.
  const topK = int(o['top_k']);
  if (topK !== undefined) facts.topK = topK;
  const frequency = num(o['frequency_penalty']);
  if (frequency !== undefined) facts.frequencyPenalty = frequency;
  const presence = num(o['presence_penalty']);
  if (presence !== undefined) facts.presencePenalty = presence;
  const stop = strings(o['stop']);
  if (stop !== undefined) facts.stopSequences = stop;
  // Mistral names it random_seed.
  const seed = int(o['seed']) ?? int(o['random_seed']);
  if (seed !== undefined) facts.seed = seed;
  const n = int(o['n']);
  if (n !== undefined) facts.choiceCount = n;
  const tier = str(o['service_tier']);
  if (tier !== undefined) facts.serviceTier = tier;
  const outputType = outputTypeOf(obj(o['response_format'])?.['type']);
  if (outputType !== undefined) facts.outputType = outputType;
  const effort = str(o['reasoning_effort']);
  if (effort !== undefined) facts.reasoningLevel = effort;
}
