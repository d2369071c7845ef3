// Response facts for chat completions and legacy completions, non-stream and
// SSE stream (with or without stream_options.include_usage, Groq's
// x_groq.usage, and usage on the last content chunk as Mistral sends it).

import type { TruncatedText } from '../framing/bounded-text.js';
import type { SseEvent } from '../framing/sse-decoder.js';
import { allValues, firstValue, lastValue } from '../json/json-scan.js';
import { arr, int, obj, parseJson, str } from '../json/json-value.js';
import type { JsonObject } from '../json/json-value.js';
import type { ParseOptions, ResponseFacts } from '../types.js';
import { ContentBudget } from '../common/content-budget.js';
import { streamErrorType } from '../common/error-type.js';
import { FinishReasons } from '../common/finish-reasons.js';
import { MessageBuilder } from '../common/message-builder.js';
import type { StreamHandler } from '../common/response-parsers.js';
import { chatOutputMessage } from './chat-messages.js';
import { chatUsage } from './openai-usage.js';
import { noteUnparsed, unparsedBody } from '../common/unparsed.js';

function readHeaderFields(v: JsonObject, facts: ResponseFacts): void {
  // Azure's first stream chunk (prompt filter results) has empty id and model.
  const id = str(v['id']);
  if (id !== undefined && id !== '') facts.responseId = id;
  // watsonx.ai's chat names it model_id.
  const model = str(v['model']) ?? str(v['model_id']);
  if (model !== undefined && model !== '') facts.responseModel = model;
  const fingerprint = str(v['system_fingerprint']);
  if (fingerprint !== undefined) facts.systemFingerprint = fingerprint;
  const tier = str(v['service_tier']);
  if (tier !== undefined) facts.serviceTier = tier;
}

export function chatBodyFacts(
  body: string | TruncatedText,
  cut: boolean,
  options: ParseOptions,
): ResponseFacts {
  if (typeof body !== 'string') return largeChatFacts(body, cut);
  const v = obj(parseJson(body));
  if (v === undefined) return unparsedBody();
  const facts: ResponseFacts = { complete: !cut };
  readHeaderFields(v, facts);
  const errorType = streamErrorType(v);
  if (errorType !== undefined) facts.errorType = errorType;
  const usage = chatUsage(v['usage']);
  if (usage !== undefined) facts.usage = usage;
  const choices = arr(v['choices']) ?? [];
  const reasons = new FinishReasons();
  const outputs = [];
  for (const [position, item] of choices.entries()) {
    const choice = obj(item);
    if (choice === undefined) continue;
    const index = int(choice['index']) ?? position;
    const reason = str(choice['finish_reason']);
    if (reason !== undefined) reasons.set(index, reason);
    if (options.captureContent) outputs.push(chatOutputMessage(choice));
  }
  const list = reasons.list(false);
  if (list !== undefined) facts.finishReasons = list;
  if (options.captureContent) facts.outputMessages = outputs;
  return facts;
}

/** A body over the threshold: id and model from the head, usage from the tail. */
function largeChatFacts(body: TruncatedText, cut: boolean): ResponseFacts {
  const facts: ResponseFacts = { complete: !cut };
  const id = str(firstValue(body.head, 'id'));
  if (id !== undefined) facts.responseId = id;
  const model =
    str(firstValue(body.head, 'model')) ??
    str(firstValue(body.head, 'model_id')) ??
    str(lastValue(body.tail, 'model'));
  if (model !== undefined) facts.responseModel = model;
  const usage = chatUsage(lastValue(body.tail, 'usage'));
  if (usage !== undefined) facts.usage = usage;
  const fingerprint = str(lastValue(body.tail, 'system_fingerprint'));
  if (fingerprint !== undefined) facts.systemFingerprint = fingerprint;
  const tier = str(lastValue(body.tail, 'service_tier'));
  if (tier !== undefined) facts.serviceTier = tier;
  const reasons = allValues(body.tail, 'finish_reason').filter(
    (r): r is string => typeof r === 'string',
  );
  if (reasons.length > 0) facts.finishReasons = reasons;
  return facts;
}

export class ChatStream implements StreamHandler<SseEvent> {
  private readonly facts: ResponseFacts = { complete: false };
  private readonly reasons = new FinishReasons();
  private readonly budget = new ContentBudget();
  private readonly messages = new Map<number, MessageBuilder>();
  private done = false;

  constructor(private readonly options: ParseOptions) {}

  onUnit(event: SseEvent): number {
    if (event.done) {
      this.done = true;
      return 0;
    }
    if (typeof event.data !== 'string') return 1;
    const v = obj(parseJson(event.data));
    if (v === undefined) return noteUnparsed(this.facts, event.data);
    const errorType = streamErrorType(v);
    if (errorType !== undefined || event.event === 'error') {
      this.facts.errorType = errorType ?? '_OTHER';
      return 0;
    }
    readHeaderFields(v, this.facts);
    const usage =
      chatUsage(v['usage']) ?? chatUsage(obj(v['x_groq'])?.['usage']);
    if (usage !== undefined) this.facts.usage = usage;
    let chunks = 0;
    for (const [position, item] of (arr(v['choices']) ?? []).entries()) {
      const choice = obj(item);
      if (choice === undefined) continue;
      const index = int(choice['index']) ?? position;
      this.reasons.seen(index);
      const reason = str(choice['finish_reason']);
      if (reason !== undefined) this.reasons.set(index, reason);
      if (this.onDelta(index, choice)) chunks = 1;
    }
    return chunks;
  }

  /** True when the choice carried generated content. */
  private onDelta(index: number, choice: JsonObject): boolean {
    const delta = obj(choice['delta']);
    const text = str(delta?.['content']) ?? str(choice['text']);
    const reasoning =
      str(delta?.['reasoning_content']) ?? str(delta?.['reasoning']);
    const refusal = str(delta?.['refusal']);
    const calls = arr(delta?.['tool_calls']);
    const has =
      (text !== undefined && text !== '') ||
      (reasoning !== undefined && reasoning !== '') ||
      (refusal !== undefined && refusal !== '') ||
      (calls !== undefined && calls.length > 0);
    if (!this.options.captureContent || !has) return has;
    let message = this.messages.get(index);
    if (message === undefined) {
      message = new MessageBuilder(this.budget);
      this.messages.set(index, message);
    }
    if (reasoning !== undefined) message.reasoning(reasoning);
    if (text !== undefined) message.text(text);
    if (refusal !== undefined) message.text(refusal);
    for (const [position, item] of (calls ?? []).entries()) {
      const call = obj(item);
      if (call === undefined) continue;
      const fn = obj(call['function']);
      message.toolCall(int(call['index']) ?? position, {
        id: str(call['id']),
        name: str(fn?.['name']),
        args: str(fn?.['arguments']),
      });
    }
    return has;
  }

  /** Named by every chunk (or the first event); see ResponseParser. */
  responseModel(): string | undefined {
    return this.facts.responseModel;
  }

  finish(cut: boolean): ResponseFacts {
    const facts = this.facts;
    facts.complete = this.done || (!cut && this.reasons.any);
    const reasons = this.reasons.list(!facts.complete);
    if (reasons !== undefined) facts.finishReasons = reasons;
    if (this.options.captureContent) {
      const indexes = [...this.messages.keys()].sort((a, b) => a - b);
      facts.outputMessages = indexes.map(i => {
        const reason = reasons?.[i];
        return (this.messages.get(i) as MessageBuilder).build(reason);
      });
    }
    return facts;
  }
}
