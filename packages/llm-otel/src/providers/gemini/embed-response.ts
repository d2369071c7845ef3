// Gemini embedContent `{embedding:{values}}`, batchEmbedContents
// `{embeddings:[{values}]}` and Vertex `:predict` for text-embedding models.
// The Gemini API reports no usage here; newer answers may carry
// usageMetadata, read when present. Vertex counts tokens per instance.

import type { TruncatedText } from '../framing/bounded-text.js';
import { firstVectorLength, lastValue } from '../json/json-scan.js';
import { arr, int, obj, parseJson } from '../json/json-value.js';
import type { ResponseFacts } from '../types.js';
import { geminiUsage } from './gemini-usage.js';
import { unparsedBody } from '../common/unparsed.js';

function inputUsage(value: unknown, facts: ResponseFacts): void {
  const input = geminiUsage(value)?.inputTokens;
  if (input !== undefined) facts.usage = { inputTokens: input };
}

/** Vertex `:predict`: `{predictions:[{embeddings:{values,statistics:{token_count}}}]}`. */
function predictFacts(
  predictions: readonly unknown[],
  facts: ResponseFacts,
): ResponseFacts {
  let tokens: number | undefined;
  for (const [i, p] of predictions.entries()) {
    const embeddings = obj(obj(p)?.['embeddings']);
    if (i === 0) {
      const values = arr(embeddings?.['values']);
      if (values !== undefined) facts.embeddingsDimension = values.length;
    }
    const count = int(obj(embeddings?.['statistics'])?.['token_count']);
    if (count !== undefined) tokens = (tokens ?? 0) + count;
  }
  if (tokens !== undefined) facts.usage = { inputTokens: tokens };
  return facts;
}

export function embedBodyFacts(
  body: string | TruncatedText,
  cut: boolean,
): ResponseFacts {
  const facts: ResponseFacts = { complete: !cut };
  if (typeof body !== 'string') {
    const dims = firstVectorLength(body.head, 'values');
    if (dims !== undefined) facts.embeddingsDimension = dims;
    inputUsage(lastValue(body.tail, 'usageMetadata'), facts);
    return facts;
  }
  const v = obj(parseJson(body));
  if (v === undefined) return unparsedBody();
  const predictions = arr(v['predictions']);
  if (predictions !== undefined) return predictFacts(predictions, facts);
  const first = obj(v['embedding']) ?? obj(arr(v['embeddings'])?.[0]);
  const values = arr(first?.['values']);
  if (values !== undefined) facts.embeddingsDimension = values.length;
  inputUsage(v['usageMetadata'], facts);
  return facts;
}
