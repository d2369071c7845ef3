// OCI embedText (POST /{version}/actions/embedText): `{compartmentId,
// servingMode, inputs | embedContents, embeddingTypes?, inputType?,
// truncate?}` in; `{id, embeddings:[[...]], embeddingsByType?, modelId,
// modelVersion, usage?}` out. Services that leave `usage` out may give
// per-input counts in `inputTextTokenCounts`.

import type { TruncatedText } from '../framing/bounded-text.js';
import { firstValue, firstVectorLength, lastValue } from '../json/json-scan.js';
import { arr, int, obj, parseJson, str, strings } from '../json/json-value.js';
import type { JsonObject } from '../json/json-value.js';
import type { ProviderMatch, RequestFacts, ResponseFacts } from '../types.js';
import { unparsedBody } from '../common/unparsed.js';
import { ociRequestBase } from './oci-serving-model.js';
import { ociUsage } from './oci-usage.js';

export function parseOciEmbedRequest(
  match: ProviderMatch,
  body: Uint8Array | string | undefined,
): RequestFacts | undefined {
  const base = ociRequestBase(
    match,
    body,
    o =>
      arr(o['inputs']) !== undefined || arr(o['embedContents']) !== undefined,
  );
  if (base === undefined) return undefined;
  const { o, facts } = base;
  const types = strings(o['embeddingTypes']);
  if (types !== undefined) facts.encodingFormats = types;
  return facts;
}

/** Input tokens: usage.promptTokens, else the sum of per-input counts. */
function inputTokens(v: JsonObject): number | undefined {
  const fromUsage = ociUsage(v['usage'])?.inputTokens;
  if (fromUsage !== undefined) return fromUsage;
  const counts = arr(v['inputTextTokenCounts']);
  if (counts === undefined) return undefined;
  let total = 0;
  for (const c of counts) {
    const n = int(c);
    if (n === undefined) return undefined;
    total += n;
  }
  return total;
}

/** The length of the first vector, plain or of the first embedding type. */
function dimension(v: JsonObject): number | undefined {
  const plain = arr(arr(v['embeddings'])?.[0]);
  if (plain !== undefined) return plain.length;
  const byType = obj(v['embeddingsByType']);
  if (byType === undefined) return undefined;
  const first = Object.values(byType)[0];
  return arr(arr(first)?.[0])?.length;
}

export function ociEmbedBodyFacts(
  body: string | TruncatedText,
  cut: boolean,
): ResponseFacts {
  const facts: ResponseFacts = { complete: !cut };
  if (typeof body !== 'string') {
    const id = str(firstValue(body.head, 'id'));
    if (id !== undefined) facts.responseId = id;
    const model =
      str(lastValue(body.tail, 'modelId')) ??
      str(firstValue(body.head, 'modelId'));
    if (model !== undefined && model !== '') facts.responseModel = model;
    const tokens = ociUsage(lastValue(body.tail, 'usage'))?.inputTokens;
    if (tokens !== undefined) facts.usage = { inputTokens: tokens };
    const dims =
      firstVectorLength(body.head, 'embeddings') ??
      firstVectorLength(body.head, 'float');
    if (dims !== undefined) facts.embeddingsDimension = dims;
    return facts;
  }
  const v = obj(parseJson(body));
  if (v === undefined) return unparsedBody();
  const id = str(v['id']);
  if (id !== undefined) facts.responseId = id;
  const model = str(v['modelId']);
  if (model !== undefined && model !== '') facts.responseModel = model;
  const tokens = inputTokens(v);
  if (tokens !== undefined) facts.usage = { inputTokens: tokens };
  const dims = dimension(v);
  if (dims !== undefined) facts.embeddingsDimension = dims;
  return facts;
}
