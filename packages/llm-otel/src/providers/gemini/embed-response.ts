// Gemini embedContent `{embedding:{values}}` and batchEmbedContents
// `{embeddings:[{values}]}`. The Gemini API reports no usage here; newer
// answers may carry usageMetadata, read when present.

import type { TruncatedText } from '../framing/bounded-text.js';
import { firstVectorLength, lastValue } from '../json/json-scan.js';
import { arr, obj, parseJson } from '../json/json-value.js';
import type { ResponseFacts } from '../types.js';
import { geminiUsage } from './gemini-usage.js';

export function embedBodyFacts(
  body: string | TruncatedText,
  cut: boolean,
): ResponseFacts {
  const facts: ResponseFacts = { complete: !cut };
  if (typeof body !== 'string') {
    const dims = firstVectorLength(body.head, 'values');
    if (dims !== undefined) facts.embeddingsDimension = dims;
    const usage = geminiUsage(lastValue(body.tail, 'usageMetadata'));
    if (usage !== undefined) facts.usage = { inputTokens: usage.inputTokens };
    return facts;
  }
  const v = obj(parseJson(body));
  if (v === undefined) return { complete: false };
  const first = obj(v['embedding']) ?? obj(arr(v['embeddings'])?.[0]);
  const values = arr(first?.['values']);
  if (values !== undefined) facts.embeddingsDimension = values.length;
  const usage = geminiUsage(v['usageMetadata']);
  if (usage?.inputTokens !== undefined)
    facts.usage = { inputTokens: usage.inputTokens };
  return facts;
}
