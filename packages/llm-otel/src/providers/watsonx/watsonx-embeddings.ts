// watsonx.ai embeddings (`/ml/v1/text/embeddings`): `inputs` and `model_id`
// in; `results[].embedding` and `input_token_count` out.

import type { TruncatedText } from '../framing/bounded-text.js';
import { firstVectorLength, lastValue } from '../json/json-scan.js';
import {
  arr,
  int,
  obj,
  parseBodyObject,
  parseJson,
  str,
} from '../json/json-value.js';
import type { ProviderMatch, RequestFacts, ResponseFacts } from '../types.js';
import { unparsedBody } from '../common/unparsed.js';

export function parseWatsonxEmbeddingsRequest(
  match: ProviderMatch,
  body: Uint8Array | string | undefined,
): RequestFacts | undefined {
  const o = parseBodyObject(body);
  if (o === undefined) return undefined;
  if (match.confirmByBody && o['inputs'] === undefined) return undefined;
  const model = match.model ?? str(o['model_id']);
  return model === undefined ? {} : { model };
}

export function watsonxEmbeddingsFacts(
  body: string | TruncatedText,
  cut: boolean,
): ResponseFacts {
  const facts: ResponseFacts = { complete: !cut };
  let model: string | undefined;
  let tokens: number | undefined;
  let dimension: number | undefined;
  if (typeof body === 'string') {
    const v = obj(parseJson(body));
    if (v === undefined) return unparsedBody();
    model = str(v['model_id']);
    tokens = int(v['input_token_count']);
    dimension = arr(obj(arr(v['results'])?.[0])?.['embedding'])?.length;
  } else {
    model = str(lastValue(body.tail, 'model_id'));
    tokens = int(lastValue(body.tail, 'input_token_count'));
    dimension = firstVectorLength(body.head, 'embedding');
  }
  if (model !== undefined) facts.responseModel = model;
  if (tokens !== undefined) facts.usage = { inputTokens: tokens };
  if (dimension !== undefined) facts.embeddingsDimension = dimension;
  return facts;
}
