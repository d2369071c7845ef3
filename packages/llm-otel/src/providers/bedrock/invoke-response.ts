// Response facts for InvokeModel (model-native JSON plus token-count headers)
// and InvokeModelWithResponseStream (event stream of `chunk` events whose
// `bytes` are base64 model-native events; the last one carries
// `amazon-bedrock-invocationMetrics`). Anthropic bodies and events go
// through the Anthropic parser; other families are read by field names.

import type { TruncatedText } from '../framing/bounded-text.js';
import { arr, int, obj, parseJson, str } from '../json/json-value.js';
import type { JsonObject } from '../json/json-value.js';
import type { ParseOptions, ResponseFacts } from '../types.js';
import { ContentBudget } from '../common/content-budget.js';
import { CUT_FINISH_REASON } from '../common/finish-reasons.js';
import { MessageBuilder } from '../common/message-builder.js';
import type { StreamHandler } from '../common/response-parsers.js';
import {
  MessagesStream,
  messagesBodyFacts,
} from '../anthropic/messages-response.js';
import {
  readConverseUsage,
  readInvocationMetrics,
  toUsage,
} from './bedrock-usage.js';
import type { RawBedrockUsage } from './bedrock-usage.js';
import { converseParts } from './converse-messages.js';
import type { EventMessage } from './event-stream-decoder.js';
import {
  headerString,
  payloadJson,
  streamError,
} from './event-stream-parser.js';

function isAnthropicBody(o: JsonObject): boolean {
  return o['type'] === 'message' || Array.isArray(o['content']);
}

/** Titan, Llama, Mistral, Cohere and Nova non-stream bodies. */
function otherBodyFacts(
  o: JsonObject,
  facts: ResponseFacts,
  raw: RawBedrockUsage,
  options: ParseOptions,
): void {
  readConverseUsage(o['usage'], raw);
  const titan = obj(arr(o['results'])?.[0]);
  const input = int(o['inputTextTokenCount']) ?? int(o['prompt_token_count']);
  if (input !== undefined) raw.input = input;
  const output = int(titan?.['tokenCount']) ?? int(o['generation_token_count']);
  if (output !== undefined) raw.output = output;
  const reason =
    str(o['stopReason']) ??
    str(o['stop_reason']) ??
    str(titan?.['completionReason']) ??
    str(obj(arr(o['outputs'])?.[0])?.['stop_reason']) ??
    str(obj(arr(o['generations'])?.[0])?.['finish_reason']);
  if (reason !== undefined) facts.finishReasons = [reason];
  const message = obj(obj(o['output'])?.['message']);
  if (options.captureContent && message !== undefined) {
    const parts = converseParts(message['content']);
    facts.outputMessages = [
      reason === undefined
        ? { role: 'assistant', parts }
        : { role: 'assistant', parts, finish_reason: reason },
    ];
  }
}

export function invokeBodyFacts(
  body: string | TruncatedText,
  cut: boolean,
  headers: Readonly<Record<string, string>>,
  headerUsage: RawBedrockUsage,
  options: ParseOptions,
): ResponseFacts {
  let facts: ResponseFacts = { complete: !cut };
  const raw: RawBedrockUsage = {};
  const o = typeof body === 'string' ? obj(parseJson(body)) : undefined;
  if (typeof body !== 'string' || (o !== undefined && isAnthropicBody(o))) {
    // A large body only gets the windowed reading, which the Anthropic
    // parser does; its usage wins over the count headers (it splits cache).
    facts = messagesBodyFacts(body, cut, options);
  } else if (o !== undefined) {
    otherBodyFacts(o, facts, raw, options);
  } else {
    facts.complete = false;
    // Every text model answers a JSON object: an app parsing this one fails
    // (a body of another type the app asked for with `accept` is left alone).
    // Bedrock's count headers still hold what it billed.
    if ((headers['content-type'] ?? 'application/json').includes('json'))
      facts.malformed = true;
  }
  if (facts.usage === undefined) {
    const usage = toUsage({ ...headerUsage, ...raw });
    if (usage !== undefined) facts.usage = usage;
  }
  const requestId = headers['x-amzn-requestid'];
  if (facts.responseId === undefined && requestId !== undefined)
    facts.responseId = requestId;
  return facts;
}

const utf8 = new TextDecoder('utf-8');

export class InvokeStream implements StreamHandler<EventMessage> {
  private anthropic: MessagesStream | undefined;
  private readonly raw: RawBedrockUsage = {};
  private readonly message = new MessageBuilder(new ContentBudget());
  private errorType: string | undefined;
  private stopReason: string | undefined;
  private started = false;
  private metrics = false;

  constructor(
    private readonly requestId: string | undefined,
    private readonly options: ParseOptions,
  ) {}

  onUnit(message: EventMessage): number {
    const error = streamError(message);
    if (error !== undefined) {
      this.errorType = error;
      return 0;
    }
    if (headerString(message, ':event-type') !== 'chunk') return 0;
    const b64 = str(payloadJson(message)?.['bytes']);
    if (b64 === undefined) return 0;
    const text = utf8.decode(Buffer.from(b64, 'base64'));
    const event = obj(parseJson(text));
    if (event === undefined) return 0;
    const metrics = event['amazon-bedrock-invocationMetrics'];
    if (metrics !== undefined) {
      this.metrics = true;
      readInvocationMetrics(metrics, this.raw);
    }
    const type = str(event['type']);
    if (type !== undefined) {
      this.anthropic ??= new MessagesStream(this.options);
      return this.anthropic.onUnit({ event: type, data: text, done: false });
    }
    return this.onOther(event);
  }

  /** Nova-style events: one key naming the event. */
  private onOther(event: JsonObject): number {
    if (event['messageStart'] !== undefined) this.started = true;
    const delta = obj(obj(event['contentBlockDelta'])?.['delta']);
    const reason = str(obj(event['messageStop'])?.['stopReason']);
    if (reason !== undefined) this.stopReason = reason;
    readConverseUsage(obj(event['metadata'])?.['usage'], this.raw);
    // Titan / Llama / Mistral style chunks.
    const other =
      str(event['completionReason']) ??
      str(event['stop_reason']) ??
      str(obj(arr(event['outputs'])?.[0])?.['stop_reason']);
    if (other !== undefined) this.stopReason = other;
    const text =
      str(delta?.['text']) ??
      str(event['outputText']) ??
      str(event['generation']);
    if (text === undefined) return 0;
    this.started = true;
    if (this.options.captureContent) this.message.text(text);
    return 1;
  }

  /**
   * Anthropic events inside name the model (message_start); other model
   * families never do. Undefined until the first event tells which.
   */
  responseModel(): string | null | undefined {
    if (this.anthropic !== undefined) return this.anthropic.responseModel();
    return this.started ? null : undefined;
  }

  finish(cut: boolean): ResponseFacts {
    let facts: ResponseFacts;
    if (this.anthropic !== undefined) {
      facts = this.anthropic.finish(cut);
      if (cut) facts.complete = false;
    } else {
      const reason =
        this.stopReason ?? (this.started ? CUT_FINISH_REASON : undefined);
      facts = {
        complete: !cut && (this.stopReason !== undefined || this.metrics),
      };
      if (reason !== undefined) facts.finishReasons = [reason];
      if (this.options.captureContent && this.started)
        facts.outputMessages = [this.message.build(reason)];
    }
    if (facts.usage === undefined) {
      const usage = toUsage(this.raw);
      if (usage !== undefined) facts.usage = usage;
    }
    if (this.errorType !== undefined) {
      facts.errorType = this.errorType;
      facts.complete = false;
    }
    if (facts.responseId === undefined && this.requestId !== undefined)
      facts.responseId = this.requestId;
    return facts;
  }
}
