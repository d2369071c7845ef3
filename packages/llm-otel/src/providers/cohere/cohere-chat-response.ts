// Cohere v2 chat responses, non-stream and SSE (`message-start` …
// `message-end`, then `[DONE]`). The response has no model field: the
// request model stands in.

import type { TruncatedText } from '../framing/bounded-text.js';
import type { SseEvent } from '../framing/sse-decoder.js';
import { firstValue, lastValue } from '../json/json-scan.js';
import { int, obj, parseJson, str } from '../json/json-value.js';
import type { JsonObject } from '../json/json-value.js';
import type {
  ChatMessage,
  MessagePart,
  ParseOptions,
  RequestFacts,
  ResponseFacts,
} from '../types.js';
import { ContentBudget } from '../common/content-budget.js';
import { OTHER_ERROR } from '../common/error-type.js';
import { CUT_FINISH_REASON } from '../common/finish-reasons.js';
import { MessageBuilder } from '../common/message-builder.js';
import type { StreamHandler } from '../common/response-parsers.js';
import { contentParts, toolCalls } from './cohere-messages.js';
import { cohereUsage } from './cohere-usage.js';
import { noteUnparsed, unparsedBody } from '../common/unparsed.js';

function withRequestModel(facts: ResponseFacts, request: RequestFacts): void {
  if (request.model !== undefined) facts.responseModel = request.model;
}

function outputMessage(
  m: JsonObject | undefined,
  reason: string | undefined,
): ChatMessage {
  const parts: MessagePart[] = [];
  const plan = str(m?.['tool_plan']);
  if (plan !== undefined) parts.push({ type: 'reasoning', content: plan });
  parts.push(...contentParts(m?.['content']), ...toolCalls(m?.['tool_calls']));
  const role = str(m?.['role']) ?? 'assistant';
  return reason === undefined
    ? { role, parts }
    : { role, parts, finish_reason: reason };
}

export function cohereChatBodyFacts(
  body: string | TruncatedText,
  cut: boolean,
  request: RequestFacts,
  options: ParseOptions,
): ResponseFacts {
  const facts: ResponseFacts = { complete: !cut };
  withRequestModel(facts, request);
  if (typeof body !== 'string') {
    const id = str(firstValue(body.head, 'id'));
    if (id !== undefined) facts.responseId = id;
    const reason =
      str(lastValue(body.tail, 'finish_reason')) ??
      str(firstValue(body.head, 'finish_reason'));
    if (reason !== undefined) facts.finishReasons = [reason];
    const usage = cohereUsage(lastValue(body.tail, 'usage'));
    if (usage !== undefined) facts.usage = usage;
    return facts;
  }
  const v = obj(parseJson(body));
  if (v === undefined) return unparsedBody();
  const id = str(v['id']);
  if (id !== undefined) facts.responseId = id;
  const reason = str(v['finish_reason']);
  if (reason !== undefined) facts.finishReasons = [reason];
  const usage = cohereUsage(v['usage']);
  if (usage !== undefined) facts.usage = usage;
  if (options.captureContent)
    facts.outputMessages = [outputMessage(obj(v['message']), reason)];
  return facts;
}

export class CohereChatStream implements StreamHandler<SseEvent> {
  private readonly facts: ResponseFacts = { complete: false };
  private readonly message = new MessageBuilder(new ContentBudget());
  private reason: string | undefined;
  private started = false;

  constructor(
    request: RequestFacts,
    private readonly options: ParseOptions,
  ) {
    withRequestModel(this.facts, request);
  }

  onUnit(event: SseEvent): number {
    if (event.done) {
      this.facts.complete = true;
      return 0;
    }
    if (typeof event.data !== 'string') return 0;
    const v = obj(parseJson(event.data));
    if (v === undefined) return noteUnparsed(this.facts, event.data);
    const type = str(v['type']) ?? event.event;
    const delta = obj(v['delta']);
    const message = obj(delta?.['message']);
    switch (type) {
      case 'message-start': {
        this.started = true;
        const id = str(v['id']);
        if (id !== undefined) this.facts.responseId = id;
        return 0;
      }
      case 'content-delta': {
        const content = obj(message?.['content']);
        const text = str(content?.['text']);
        const thinking = str(content?.['thinking']);
        if (this.options.captureContent) {
          if (text !== undefined) this.message.text(text);
          if (thinking !== undefined) this.message.reasoning(thinking);
        }
        return 1;
      }
      case 'tool-plan-delta':
        if (this.options.captureContent)
          this.message.reasoning(str(message?.['tool_plan']) ?? '');
        return 1;
      case 'tool-call-start':
      case 'tool-call-delta': {
        if (this.options.captureContent) {
          const call = obj(message?.['tool_calls']);
          const fn = obj(call?.['function']);
          this.message.toolCall(int(v['index']) ?? 0, {
            id: str(call?.['id']),
            name: str(fn?.['name']),
            args: str(fn?.['arguments']),
          });
        }
        return 1;
      }
      case 'message-end': {
        this.facts.complete = true;
        this.reason = str(delta?.['finish_reason']);
        const usage = cohereUsage(delta?.['usage']);
        if (usage !== undefined) this.facts.usage = usage;
        if (delta?.['error'] !== undefined && delta['error'] !== null)
          this.facts.errorType = OTHER_ERROR;
        return 0;
      }
      default:
        return 0;
    }
  }

  /** The request model stands in, known from the start; see ResponseParser. */
  responseModel(): string | null {
    return this.facts.responseModel ?? null;
  }

  finish(_cut: boolean): ResponseFacts {
    const facts = this.facts;
    const reason =
      this.reason ??
      (this.started && !facts.complete ? CUT_FINISH_REASON : undefined);
    if (reason !== undefined) facts.finishReasons = [reason];
    if (this.options.captureContent && this.started)
      facts.outputMessages = [this.message.build(reason)];
    return facts;
  }
}
