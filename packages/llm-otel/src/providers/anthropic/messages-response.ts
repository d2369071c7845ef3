// Response facts for Anthropic messages, non-stream and SSE. Semconv: input
// tokens = input_tokens + cache_read + cache_creation (Anthropic's
// input_tokens excludes the cache). In a stream, message_start carries the
// first usage and message_delta the cumulative one, which wins.

import type { TruncatedText } from '../framing/bounded-text.js';
import type { SseEvent } from '../framing/sse-decoder.js';
import { firstValue, lastValue } from '../json/json-scan.js';
import { int, obj, parseJson, str } from '../json/json-value.js';
import type { JsonObject } from '../json/json-value.js';
import type { ParseOptions, ResponseFacts, Usage } from '../types.js';
import { ContentBudget } from '../common/content-budget.js';
import { OTHER_ERROR, errorTypeFromBody } from '../common/error-type.js';
import { CUT_FINISH_REASON } from '../common/finish-reasons.js';
import { MessageBuilder } from '../common/message-builder.js';
import type { StreamHandler } from '../common/response-parsers.js';
import { blockParts } from './anthropic-messages.js';
import { noteUnparsed, unparsedBody } from '../common/unparsed.js';

interface RawUsage {
  input?: number;
  output?: number;
  cacheRead?: number;
  cacheWrite?: number;
  thinking?: number;
}

/** Merges the fields present in `value` over `into`. */
function mergeRaw(into: RawUsage, value: unknown): void {
  const u = obj(value);
  if (u === undefined) return;
  const input = int(u['input_tokens']);
  if (input !== undefined) into.input = input;
  const output = int(u['output_tokens']);
  if (output !== undefined) into.output = output;
  const read = int(u['cache_read_input_tokens']);
  if (read !== undefined) into.cacheRead = read;
  const write = int(u['cache_creation_input_tokens']);
  if (write !== undefined) into.cacheWrite = write;
  const thinking = int(obj(u['output_tokens_details'])?.['thinking_tokens']);
  if (thinking !== undefined) into.thinking = thinking;
}

function toUsage(raw: RawUsage): Usage | undefined {
  const usage: Usage = {};
  if (raw.input !== undefined)
    usage.inputTokens =
      raw.input + (raw.cacheRead ?? 0) + (raw.cacheWrite ?? 0);
  if (raw.output !== undefined) usage.outputTokens = raw.output;
  if (raw.cacheRead !== undefined) usage.cacheReadInputTokens = raw.cacheRead;
  if (raw.cacheWrite !== undefined)
    usage.cacheWriteInputTokens = raw.cacheWrite;
  if (raw.thinking !== undefined) usage.reasoningOutputTokens = raw.thinking;
  return Object.keys(usage).length > 0 ? usage : undefined;
}

function readMessageHeader(m: JsonObject, facts: ResponseFacts): void {
  const id = str(m['id']);
  if (id !== undefined) facts.responseId = id;
  const model = str(m['model']);
  if (model !== undefined) facts.responseModel = model;
}

function tierOf(usage: unknown): string | undefined {
  return str(obj(usage)?.['service_tier']);
}

export function messagesBodyFacts(
  body: string | TruncatedText,
  cut: boolean,
  options: ParseOptions,
): ResponseFacts {
  const facts: ResponseFacts = { complete: !cut };
  const raw: RawUsage = {};
  if (typeof body !== 'string') {
    const id = str(firstValue(body.head, 'id'));
    if (id !== undefined) facts.responseId = id;
    const model = str(firstValue(body.head, 'model'));
    if (model !== undefined) facts.responseModel = model;
    const reason = str(lastValue(body.tail, 'stop_reason'));
    if (reason !== undefined) facts.finishReasons = [reason];
    mergeRaw(raw, lastValue(body.tail, 'usage'));
  } else {
    const m = obj(parseJson(body));
    if (m === undefined) return unparsedBody();
    readMessageHeader(m, facts);
    const errorType = m['type'] === 'error' ? errorTypeFromBody(m) : undefined;
    if (errorType !== undefined) facts.errorType = errorType;
    const reason = str(m['stop_reason']);
    if (reason !== undefined) facts.finishReasons = [reason];
    mergeRaw(raw, m['usage']);
    const tier = tierOf(m['usage']);
    if (tier !== undefined) facts.serviceTier = tier;
    if (options.captureContent && m['content'] !== undefined) {
      const parts = blockParts(m['content']);
      facts.outputMessages = [
        reason === undefined
          ? { role: 'assistant', parts }
          : { role: 'assistant', parts, finish_reason: reason },
      ];
    }
  }
  const usage = toUsage(raw);
  if (usage !== undefined) facts.usage = usage;
  return facts;
}

export class MessagesStream implements StreamHandler<SseEvent> {
  private readonly facts: ResponseFacts = { complete: false };
  private readonly raw: RawUsage = {};
  private readonly message: MessageBuilder;
  private stopReason: string | undefined;
  private started = false;

  constructor(private readonly options: ParseOptions) {
    this.message = new MessageBuilder(new ContentBudget());
  }

  onUnit(event: SseEvent): number {
    if (typeof event.data !== 'string') return 0;
    const v = obj(parseJson(event.data));
    if (v === undefined) return noteUnparsed(this.facts, event.data);
    const type = str(v['type']) ?? event.event;
    switch (type) {
      case 'message_start': {
        const m = obj(v['message']);
        if (m === undefined) return 0;
        this.started = true;
        readMessageHeader(m, this.facts);
        mergeRaw(this.raw, m['usage']);
        const tier = tierOf(m['usage']);
        if (tier !== undefined) this.facts.serviceTier = tier;
        return 0;
      }
      case 'content_block_start':
        this.onBlockStart(v);
        return 0;
      case 'content_block_delta':
        return this.onBlockDelta(v);
      case 'message_delta': {
        const reason = str(obj(v['delta'])?.['stop_reason']);
        if (reason !== undefined) this.stopReason = reason;
        mergeRaw(this.raw, v['usage']);
        return 0;
      }
      case 'message_stop':
        this.facts.complete = true;
        return 0;
      case 'error':
        this.facts.errorType = errorTypeFromBody(v) ?? OTHER_ERROR;
        return 0;
      default:
        return 0;
    }
  }

  private onBlockStart(v: JsonObject): void {
    if (!this.options.captureContent) return;
    const block = obj(v['content_block']);
    const index = int(v['index']) ?? 0;
    if (block?.['type'] === 'tool_use') {
      this.message.toolCall(index, {
        id: str(block['id']),
        name: str(block['name']),
      });
    } else if (block?.['type'] === 'text') {
      this.message.text(str(block['text']) ?? '');
    }
  }

  private onBlockDelta(v: JsonObject): number {
    const delta = obj(v['delta']);
    const type = str(delta?.['type']);
    if (delta === undefined || type === 'signature_delta') return 0;
    if (this.options.captureContent) {
      if (type === 'text_delta') this.message.text(str(delta['text']) ?? '');
      else if (type === 'thinking_delta')
        this.message.reasoning(str(delta['thinking']) ?? '');
      else if (type === 'input_json_delta')
        this.message.toolCall(int(v['index']) ?? 0, {
          args: str(delta['partial_json']) ?? '',
        });
    }
    return 1;
  }

  /** Named by every chunk (or the first event); see ResponseParser. */
  responseModel(): string | undefined {
    return this.facts.responseModel;
  }

  finish(_cut: boolean): ResponseFacts {
    const facts = this.facts;
    const usage = toUsage(this.raw);
    if (usage !== undefined) facts.usage = usage;
    const reason =
      this.stopReason ??
      (this.started && !facts.complete ? CUT_FINISH_REASON : undefined);
    if (reason !== undefined) facts.finishReasons = [reason];
    if (this.options.captureContent && this.started) {
      facts.outputMessages = [this.message.build(reason)];
    }
    return facts;
  }
}
