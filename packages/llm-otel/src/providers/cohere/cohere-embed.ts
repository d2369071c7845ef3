// Cohere embed (POST /v2/embed, also v1 /embed): `{id, embeddings:{float:
// [[...]]}, texts, meta:{billed_units:{input_tokens}}}`. meta sits last.

import type { TruncatedText } from '../framing/bounded-text.js';
import { firstValue, firstVectorLength, lastValue } from '../json/json-scan.js';
import {
  arr,
  obj,
  parseBodyObject,
  parseJson,
  str,
  strings,
} from '../json/json-value.js';
import type { ProviderMatch, RequestFacts, ResponseFacts } from '../types.js';
import { cohereUsage } from './cohere-usage.js';
import { unparsedBody } from '../common/unparsed.js';

export function parseCohereEmbedRequest(
  match: ProviderMatch,
  body: Uint8Array | string | undefined,
): RequestFacts | undefined {
  const o = parseBodyObject(body);
  if (o === undefined) return undefined;
  const shaped =
    o['texts'] !== undefined ||
    o['inputs'] !== undefined ||
    o['images'] !== undefined;
  if (match.confirmByBody && !shaped) return undefined;
  const facts: RequestFacts = {};
  const model = str(o['model']) ?? match.model;
  if (model !== undefined) facts.model = model;
  const types = strings(o['embedding_types']);
  if (types !== undefined) facts.encodingFormats = types;
  return facts;
}

/**
 * The length of the first vector of Cohere's `embeddings`: a list of
 * vectors, or vectors by type (`{float: [[…]], int8: …}`). Also Cohere
 * Embed on Bedrock.
 */
export function cohereDimension(embeddings: unknown): number | undefined {
  const byType = obj(embeddings);
  const vectors =
    arr(embeddings) ??
    (byType === undefined ? undefined : arr(Object.values(byType)[0]));
  return arr(vectors?.[0])?.length;
}

/** The same, scanned from the head of an answer too large to parse. */
export function scannedCohereDimension(head: string): number | undefined {
  const dims = firstVectorLength(head, 'embeddings');
  if (dims !== undefined) return dims;
  const typed = /"embeddings"\s*:\s*\{\s*"(\w+)"/.exec(head)?.[1];
  return typed === undefined ? undefined : firstVectorLength(head, typed);
}

function inputUsage(meta: unknown, facts: ResponseFacts): void {
  const usage = cohereUsage(meta);
  if (usage?.inputTokens !== undefined)
    facts.usage = { inputTokens: usage.inputTokens };
}

export function cohereEmbedBodyFacts(
  body: string | TruncatedText,
  cut: boolean,
  request: RequestFacts,
): ResponseFacts {
  const facts: ResponseFacts = { complete: !cut };
  if (request.model !== undefined) facts.responseModel = request.model;
  if (typeof body !== 'string') {
    const id = str(firstValue(body.head, 'id'));
    if (id !== undefined) facts.responseId = id;
    inputUsage(lastValue(body.tail, 'meta'), facts);
    const dims = scannedCohereDimension(body.head);
    if (dims !== undefined) facts.embeddingsDimension = dims;
    return facts;
  }
  const v = obj(parseJson(body));
  if (v === undefined) return unparsedBody();
  const id = str(v['id']);
  if (id !== undefined) facts.responseId = id;
  inputUsage(v['meta'], facts);
  const dims = cohereDimension(v['embeddings']);
  if (dims !== undefined) facts.embeddingsDimension = dims;
  return facts;
}
