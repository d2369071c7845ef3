// Response facts for Converse (one JSON body) and ConverseStream (binary
// event stream: messageStart, contentBlockStart/Delta/Stop, messageStop,
// metadata). No model or id on the wire: the id is x-amzn-requestid.

import type { TruncatedText } from '../framing/bounded-text.js';
import { lastValue } from '../json/json-scan.js';
import { int, obj, parseJson, str } from '../json/json-value.js';
import type { JsonObject } from '../json/json-value.js';
import type { ParseOptions, ResponseFacts } from '../types.js';
import { ContentBudget } from '../common/content-budget.js';
import { CUT_FINISH_REASON } from '../common/finish-reasons.js';
import { MessageBuilder } from '../common/message-builder.js';
import type { StreamHandler } from '../common/response-parsers.js';
import { readConverseUsage, toUsage } from './bedrock-usage.js';
import type { RawBedrockUsage } from './bedrock-usage.js';
import { converseParts } from './converse-messages.js';
import type { EventMessage } from './event-stream-decoder.js';
import {
  headerString,
  payloadJson,
  streamError,
} from './event-stream-parser.js';
import { unparsedBody } from '../common/unparsed.js';

function withId(facts: ResponseFacts, requestId: string | undefined): void {
  if (requestId !== undefined) facts.responseId = requestId;
}

export function converseBodyFacts(
  body: string | TruncatedText,
  cut: boolean,
  requestId: string | undefined,
  options: ParseOptions,
): ResponseFacts {
  const facts: ResponseFacts = { complete: !cut };
  withId(facts, requestId);
  const raw: RawBedrockUsage = {};
  if (typeof body !== 'string') {
    const reason = str(lastValue(body.tail, 'stopReason'));
    if (reason !== undefined) facts.finishReasons = [reason];
    readConverseUsage(lastValue(body.tail, 'usage'), raw);
  } else {
    const o = obj(parseJson(body));
    if (o === undefined) return unparsedBody();
    const reason = str(o['stopReason']);
    if (reason !== undefined) facts.finishReasons = [reason];
    readConverseUsage(o['usage'], raw);
    const message = obj(obj(o['output'])?.['message']);
    if (options.captureContent && message !== undefined) {
      const parts = converseParts(message['content']);
      const role = str(message['role']) ?? 'assistant';
      facts.outputMessages = [
        reason === undefined
          ? { role, parts }
          : { role, parts, finish_reason: reason },
      ];
    }
  }
  const usage = toUsage(raw);
  if (usage !== undefined) facts.usage = usage;
  return facts;
}

export class ConverseStream implements StreamHandler<EventMessage> {
  private readonly facts: ResponseFacts = { complete: false };
  private readonly raw: RawBedrockUsage = {};
  private readonly message = new MessageBuilder(new ContentBudget());
  private stopReason: string | undefined;
  private started = false;
  private metadata = false;

  constructor(
    requestId: string | undefined,
    private readonly options: ParseOptions,
  ) {
    withId(this.facts, requestId);
  }

  onUnit(message: EventMessage): number {
    const error = streamError(message);
    if (error !== undefined) {
      this.facts.errorType = error;
      return 0;
    }
    const type = headerString(message, ':event-type');
    // Most events are deltas: without content capture there is nothing to
    // read in them, so their JSON is not parsed at all.
    if (type === 'contentBlockDelta' && !this.options.captureContent) return 1;
    const v = payloadJson(message);
    if (v === undefined) return 0;
    switch (type) {
      case 'messageStart':
        this.started = true;
        this.message.role = str(v['role']) ?? 'assistant';
        return 0;
      case 'contentBlockStart':
        this.onBlockStart(v);
        return 0;
      case 'contentBlockDelta':
        return this.onBlockDelta(v);
      case 'messageStop':
        this.stopReason = str(v['stopReason']) ?? this.stopReason;
        return 0;
      case 'metadata':
        this.metadata = true;
        readConverseUsage(v['usage'], this.raw);
        return 0;
      default:
        return 0;
    }
  }

  private onBlockStart(v: JsonObject): void {
    if (!this.options.captureContent) return;
    const tool = obj(obj(v['start'])?.['toolUse']);
    if (tool === undefined) return;
    this.message.toolCall(int(v['contentBlockIndex']) ?? 0, {
      id: str(tool['toolUseId']),
      name: str(tool['name']),
    });
  }

  private onBlockDelta(v: JsonObject): number {
    const delta = obj(v['delta']);
    if (delta === undefined) return 0;
    if (this.options.captureContent) {
      const text = str(delta['text']);
      const tool = obj(delta['toolUse']);
      const reasoning = obj(delta['reasoningContent']);
      if (text !== undefined) this.message.text(text);
      else if (tool !== undefined)
        this.message.toolCall(int(v['contentBlockIndex']) ?? 0, {
          args: str(tool['input']) ?? '',
        });
      else if (reasoning !== undefined)
        this.message.reasoning(str(reasoning['text']) ?? '');
    }
    return 1;
  }

  /** Converse streams never name the model; see ResponseParser. */
  responseModel(): null {
    return null;
  }

  finish(cut: boolean): ResponseFacts {
    const facts = this.facts;
    facts.complete =
      this.stopReason !== undefined &&
      facts.errorType === undefined &&
      (this.metadata || !cut);
    const usage = toUsage(this.raw);
    if (usage !== undefined) facts.usage = usage;
    const ended = this.stopReason !== undefined;
    const reason = ended
      ? this.stopReason
      : this.started
        ? CUT_FINISH_REASON
        : undefined;
    if (reason !== undefined) facts.finishReasons = [reason];
    if (this.options.captureContent && this.started)
      facts.outputMessages = [this.message.build(reason)];
    return facts;
  }
}
