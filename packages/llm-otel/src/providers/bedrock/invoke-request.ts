// Request facts for InvokeModel(WithResponseStream). The body is the
// model's own format: Anthropic Messages (anthropic_version) is read by the
// Anthropic parser; other families by their parameter names.

import { int, num, obj, parseBodyObject, strings } from '../json/json-value.js';
import type { JsonObject } from '../json/json-value.js';
import type { ParseOptions, ProviderMatch, RequestFacts } from '../types.js';
import { urlFacts } from '../common/safe-parse-request.js';
import { parseMessagesRequest } from '../anthropic/messages-request.js';
import { converseInputMessages, converseSystem } from './converse-messages.js';

/** anthropic.* ids, also behind a cross-region profile or a model ARN. */
export function isAnthropicModelId(modelId: string | undefined): boolean {
  if (modelId === undefined) return false;
  const last = modelId.slice(modelId.lastIndexOf('/') + 1);
  return /^(?:[a-z]{2,6}\.)?anthropic\./.test(last);
}

function firstOf(
  sources: readonly (JsonObject | undefined)[],
  keys: readonly string[],
  read: (v: unknown) => number | undefined,
): number | undefined {
  for (const s of sources) {
    if (s === undefined) continue;
    for (const k of keys) {
      const v = read(s[k]);
      if (v !== undefined) return v;
    }
  }
  return undefined;
}

/** Nova (inferenceConfig), Titan (textGenerationConfig), Llama, Mistral, Cohere. */
function otherFamilies(
  o: JsonObject,
  facts: RequestFacts,
  options: ParseOptions,
): void {
  const sources = [
    o,
    obj(o['inferenceConfig']),
    obj(o['textGenerationConfig']),
  ];
  const maxTokens = firstOf(
    sources,
    [
      'max_tokens',
      'max_gen_len',
      'maxTokens',
      'max_new_tokens',
      'maxTokenCount',
    ],
    int,
  );
  if (maxTokens !== undefined) facts.maxTokens = maxTokens;
  const temperature = firstOf(sources, ['temperature'], num);
  if (temperature !== undefined) facts.temperature = temperature;
  const topP = firstOf(sources, ['top_p', 'topP', 'p'], num);
  if (topP !== undefined) facts.topP = topP;
  const topK = firstOf(sources, ['top_k', 'topK', 'k'], int);
  if (topK !== undefined) facts.topK = topK;
  for (const s of sources) {
    const stop = strings(
      s?.['stopSequences'] ?? s?.['stop'] ?? s?.['stop_sequences'],
    );
    if (stop !== undefined) {
      facts.stopSequences = stop;
      break;
    }
  }
  if (options.captureContent && o['messages'] !== undefined) {
    facts.inputMessages = converseInputMessages(o['messages']);
    const system = converseSystem(o['system']);
    if (system !== undefined) facts.systemInstructions = system;
  }
}

export function parseInvokeRequest(
  match: ProviderMatch,
  body: Uint8Array | string | undefined,
  options: ParseOptions,
): RequestFacts {
  const base = urlFacts(match);
  const o = parseBodyObject(body);
  if (o === undefined) return base;
  if (o['anthropic_version'] !== undefined || isAnthropicModelId(match.model)) {
    const facts = parseMessagesRequest(match, body, options) ?? {};
    return { ...facts, ...base };
  }
  const facts: RequestFacts = { ...base };
  if (match.operation === 'embeddings') {
    // Titan's embeddingTypes, Cohere's embedding_types.
    const formats = strings(o['embeddingTypes'] ?? o['embedding_types']);
    if (formats !== undefined) facts.encodingFormats = formats;
    return facts;
  }
  otherFamilies(o, facts, options);
  return facts;
}
