// InvokeModel answers of embedding models: Amazon Titan Text Embeddings
// (`{embedding, embeddingsByType?, inputTextTokenCount}`) and Cohere Embed
// (`{id, embeddings: [[…]] | {float: [[…]], …}, texts, response_type}`).
// Input tokens come from the count header (or Titan's body); an embedding
// has no output tokens. Large answers (many vectors) are read in windows.

import type { TruncatedText } from '../framing/bounded-text.js';
import { firstValue, firstVectorLength, lastValue } from '../json/json-scan.js';
import { arr, int, obj, parseJson, str } from '../json/json-value.js';
import type { JsonObject } from '../json/json-value.js';
import type { ResponseFacts } from '../types.js';
import { unparsedBody } from '../common/unparsed.js';
import {
  cohereDimension,
  scannedCohereDimension,
} from '../cohere/cohere-embed.js';
import type { RawBedrockUsage } from './bedrock-usage.js';

/** Titan's vector, else Cohere's first (bare or by type), scanned. */
function scannedDimension(head: string): number | undefined {
  return firstVectorLength(head, 'embedding') ?? scannedCohereDimension(head);
}

/** The same from a parsed answer. */
function parsedDimension(o: JsonObject): number | undefined {
  return arr(o['embedding'])?.length ?? cohereDimension(o['embeddings']);
}

export function invokeEmbedFacts(
  body: string | TruncatedText,
  cut: boolean,
  requestId: string | undefined,
  headerUsage: RawBedrockUsage,
): ResponseFacts {
  let dimension: number | undefined;
  let id: string | undefined;
  let counted: number | undefined;
  let malformed = false;
  if (typeof body === 'string') {
    const o = obj(parseJson(body));
    if (o === undefined) {
      // Not an embeddings answer; Bedrock's count header still holds what it billed.
      malformed = true;
    } else {
      dimension = parsedDimension(o);
      id = str(o['id']);
      counted = int(o['inputTextTokenCount']);
    }
  } else {
    dimension = scannedDimension(body.head);
    id = str(firstValue(body.head, 'id'));
    counted = int(lastValue(body.tail, 'inputTextTokenCount'));
  }
  const facts: ResponseFacts = malformed ? unparsedBody() : { complete: !cut };
  if (dimension !== undefined) facts.embeddingsDimension = dimension;
  const responseId = id ?? requestId;
  if (responseId !== undefined) facts.responseId = responseId;
  const input = headerUsage.input ?? counted;
  if (input !== undefined) facts.usage = { inputTokens: input };
  return facts;
}
