// OCI chat answers (non-stream): `{modelId, modelVersion, chatResponse}`.
// chatResponse by apiFormat: GENERIC `{choices:[{index, message,
// finishReason}], usage}`; COHERE `{text, chatHistory, toolCalls,
// finishReason, usage}`; COHEREV2 `{id, message, finishReason, usage}`.
// Finish reasons stay raw: GENERIC models say stop, length, tool_calls …;
// the Cohere formats COMPLETE, MAX_TOKENS, ERROR …

import type { TruncatedText } from '../framing/bounded-text.js';
import { allValues, firstValue, lastValue } from '../json/json-scan.js';
import { arr, int, obj, parseJson, str } from '../json/json-value.js';
import type { JsonObject } from '../json/json-value.js';
import type { ChatMessage, ParseOptions, ResponseFacts } from '../types.js';
import { OTHER_ERROR } from '../common/error-type.js';
import { FinishReasons } from '../common/finish-reasons.js';
import { unparsedBody } from '../common/unparsed.js';
import { ociCohereOutputMessage } from './oci-cohere-messages.js';
import { ociOutputMessage } from './oci-messages.js';
import { ociUsage } from './oci-usage.js';

/** The finish reason of the Cohere formats that says generation failed. */
export const OCI_ERROR_FINISH = 'ERROR';

/** modelId names the model that ran (for DEDICATED, the endpoint's model). */
export function readOciModel(v: JsonObject, facts: ResponseFacts): void {
  const model = str(v['modelId']);
  if (model !== undefined && model !== '') facts.responseModel = model;
}

/** GENERIC choices, each with its index, finish reason and message. */
function readChoices(
  choices: readonly unknown[],
  facts: ResponseFacts,
  options: ParseOptions,
): void {
  const reasons = new FinishReasons();
  const outputs: ChatMessage[] = [];
  for (const [position, item] of choices.entries()) {
    const choice = obj(item);
    if (choice === undefined) continue;
    const reason = str(choice['finishReason']);
    if (reason !== undefined)
      reasons.set(int(choice['index']) ?? position, reason);
    if (options.captureContent)
      outputs.push(ociOutputMessage(obj(choice['message']), reason));
  }
  const list = reasons.list(false);
  if (list !== undefined) facts.finishReasons = list;
  if (options.captureContent) facts.outputMessages = outputs;
  // Some models count per choice only.
  if (facts.usage === undefined && choices.length === 1) {
    const usage = ociUsage(obj(choices[0])?.['usage']);
    if (usage !== undefined) facts.usage = usage;
  }
}

export function ociChatBodyFacts(
  body: string | TruncatedText,
  cut: boolean,
  options: ParseOptions,
): ResponseFacts {
  if (typeof body !== 'string') return largeChatFacts(body, cut);
  const v = obj(parseJson(body));
  if (v === undefined) return unparsedBody();
  const facts: ResponseFacts = { complete: !cut };
  readOciModel(v, facts);
  const chat = obj(v['chatResponse']);
  if (chat === undefined) return facts;
  const usage = ociUsage(chat['usage']);
  if (usage !== undefined) facts.usage = usage;
  const choices = arr(chat['choices']);
  if (choices !== undefined) {
    readChoices(choices, facts, options);
    return facts;
  }
  const id = str(chat['id']);
  if (id !== undefined && id !== '') facts.responseId = id;
  const reason = str(chat['finishReason']);
  if (reason !== undefined) facts.finishReasons = [reason];
  if (reason === OCI_ERROR_FINISH) facts.errorType = OTHER_ERROR;
  if (options.captureContent) {
    const message = obj(chat['message']);
    facts.outputMessages = [
      message !== undefined || chat['apiFormat'] === 'COHEREV2'
        ? ociOutputMessage(message, reason)
        : ociCohereOutputMessage(chat, reason),
    ];
  }
  return facts;
}

/** A body over the threshold: model from the head, the rest from the tail. */
function largeChatFacts(body: TruncatedText, cut: boolean): ResponseFacts {
  const facts: ResponseFacts = { complete: !cut };
  const model =
    str(firstValue(body.head, 'modelId')) ??
    str(lastValue(body.tail, 'modelId'));
  if (model !== undefined && model !== '') facts.responseModel = model;
  const usage = ociUsage(lastValue(body.tail, 'usage'));
  if (usage !== undefined) facts.usage = usage;
  const reasons = allValues(body.tail, 'finishReason').filter(
    (r): r is string => typeof r === 'string',
  );
  if (reasons.length > 0) facts.finishReasons = reasons;
  return facts;
}
