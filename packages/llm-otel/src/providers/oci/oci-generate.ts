// OCI generateText (POST /{version}/actions/generateText), the legacy
// completion API: `{compartmentId, servingMode, inferenceRequest}` with
// runtimeType COHERE (`prompt`, `stopSequences`) or LLAMA (`prompt`,
// `stop`). Answers `{modelId, modelVersion, inferenceResponse}`: COHERE
// `generatedTexts:[{id, text, finishReason}]`, LLAMA `choices:[{index,
// text, finishReason}]`. No token counts in either. Streams as OCI chat
// does (oci-chat-stream.ts): text deltas.

import type { TruncatedText } from '../framing/bounded-text.js';
import { allValues, firstValue, lastValue } from '../json/json-scan.js';
import { arr, int, obj, parseJson, str } from '../json/json-value.js';
import type {
  ChatMessage,
  ParseOptions,
  ProviderMatch,
  RequestFacts,
  ResponseFacts,
} from '../types.js';
import { FinishReasons } from '../common/finish-reasons.js';
import { textPart } from '../common/parts.js';
import { unparsedBody } from '../common/unparsed.js';
import { readOciModel } from './oci-chat-response.js';
import { ociGenerationRequest } from './oci-serving-model.js';

export function parseOciGenerateRequest(
  match: ProviderMatch,
  body: Uint8Array | string | undefined,
  options: ParseOptions,
): RequestFacts | undefined {
  const base = ociGenerationRequest(match, body, 'inferenceRequest');
  if (base === undefined) return undefined;
  const { inner: inference, facts } = base;
  if (inference === undefined) return facts;
  const prompt = str(inference['prompt']);
  if (options.captureContent && prompt !== undefined)
    facts.inputMessages = [{ role: 'user', parts: [textPart(prompt)] }];
  return facts;
}

export function ociGenerateBodyFacts(
  body: string | TruncatedText,
  cut: boolean,
  options: ParseOptions,
): ResponseFacts {
  const facts: ResponseFacts = { complete: !cut };
  if (typeof body !== 'string') {
    const model =
      str(firstValue(body.head, 'modelId')) ??
      str(lastValue(body.tail, 'modelId'));
    if (model !== undefined && model !== '') facts.responseModel = model;
    const reasons = allValues(body.tail, 'finishReason').filter(
      (r): r is string => typeof r === 'string',
    );
    if (reasons.length > 0) facts.finishReasons = reasons;
    return facts;
  }
  const v = obj(parseJson(body));
  if (v === undefined) return unparsedBody();
  readOciModel(v, facts);
  const inference = obj(v['inferenceResponse']);
  const items =
    arr(inference?.['generatedTexts']) ?? arr(inference?.['choices']) ?? [];
  const reasons = new FinishReasons();
  const outputs: ChatMessage[] = [];
  for (const [position, item] of items.entries()) {
    const g = obj(item);
    if (g === undefined) continue;
    const reason = str(g['finishReason']);
    if (reason !== undefined) reasons.set(int(g['index']) ?? position, reason);
    const message: ChatMessage = {
      role: 'assistant',
      parts: [textPart(str(g['text']) ?? '')],
    };
    outputs.push(
      reason === undefined ? message : { ...message, finish_reason: reason },
    );
  }
  const list = reasons.list(false);
  if (list !== undefined) facts.finishReasons = list;
  if (options.captureContent) facts.outputMessages = outputs;
  return facts;
}
