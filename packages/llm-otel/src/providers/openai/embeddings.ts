// OpenAI embeddings: request facts and the response, float or base64. The
// response is `{object,data:[...],model,usage}` (Mistral's starts with an
// id): model and usage come last, so a large body is read from its tail, the
// dimension and any id from its head.

import type { TruncatedText } from '../framing/bounded-text.js';
import {
  base64Floats,
  firstValue,
  firstVectorLength,
  lastValue,
} from '../json/json-scan.js';
import {
  arr,
  obj,
  parseBodyObject,
  parseJson,
  str,
} from '../json/json-value.js';
import type { ProviderMatch, RequestFacts, ResponseFacts } from '../types.js';
import { streamErrorType } from '../common/error-type.js';
import { readCommonParams } from './openai-request-params.js';
import { chatUsage } from './openai-usage.js';
import { unparsedBody } from '../common/unparsed.js';

export function parseEmbeddingsRequest(
  match: ProviderMatch,
  body: Uint8Array | string | undefined,
): RequestFacts | undefined {
  const o = parseBodyObject(body);
  if (o === undefined) return undefined;
  if (match.confirmByBody && o['input'] === undefined) return undefined;
  const facts: RequestFacts = {};
  readCommonParams(o, facts);
  if (match.model !== undefined) facts.model = match.model;
  const format = str(o['encoding_format']);
  if (format !== undefined) facts.encodingFormats = [format];
  return facts;
}

function dimension(embedding: unknown): number | undefined {
  if (typeof embedding === 'string') return base64Floats(embedding);
  const list = arr(embedding);
  return list === undefined ? undefined : list.length;
}

function usageFacts(value: unknown, facts: ResponseFacts): void {
  const usage = chatUsage(value);
  if (usage !== undefined) {
    // Embeddings have no output; some servers still send completion_tokens: 0.
    delete usage.outputTokens;
    facts.usage = usage;
  }
}

export function embeddingsBodyFacts(
  body: string | TruncatedText,
  cut: boolean,
): ResponseFacts {
  const facts: ResponseFacts = { complete: !cut };
  if (typeof body !== 'string') {
    // Only an id ahead of the vectors: one after them would be in the tail.
    const data = body.head.indexOf('"data"');
    const id =
      data > 0 ? str(firstValue(body.head.slice(0, data), 'id')) : undefined;
    if (id !== undefined && id !== '') facts.responseId = id;
    const model = str(lastValue(body.tail, 'model'));
    if (model !== undefined) facts.responseModel = model;
    usageFacts(lastValue(body.tail, 'usage'), facts);
    const dims = firstVectorLength(body.head, 'embedding');
    if (dims !== undefined) facts.embeddingsDimension = dims;
    return facts;
  }
  const v = obj(parseJson(body));
  if (v === undefined) return unparsedBody();
  const id = str(v['id']);
  if (id !== undefined && id !== '') facts.responseId = id;
  const model = str(v['model']);
  if (model !== undefined) facts.responseModel = model;
  usageFacts(v['usage'], facts);
  const dims = dimension(obj(arr(v['data'])?.[0])?.['embedding']);
  if (dims !== undefined) facts.embeddingsDimension = dims;
  const errorType = streamErrorType(v);
  if (errorType !== undefined) facts.errorType = errorType;
  return facts;
}
