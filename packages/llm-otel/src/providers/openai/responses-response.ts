// Response facts for the Responses API: a `response` object, whole (POST
// without stream, GET /responses/{id}) or carried by the terminal event of an
// SSE stream (response.completed / .incomplete / .failed). There is no [DONE].

import type { TruncatedText } from '../framing/bounded-text.js';
import type { SseEvent } from '../framing/sse-decoder.js';
import { firstValue, lastValue } from '../json/json-scan.js';
import { arr, obj, parseJson, str } from '../json/json-value.js';
import type { JsonObject } from '../json/json-value.js';
import type {
  ChatMessage,
  MessagePart,
  ParseOptions,
  ResponseFacts,
} from '../types.js';
import { OTHER_ERROR, streamErrorType } from '../common/error-type.js';
import { CUT_FINISH_REASON } from '../common/finish-reasons.js';
import { textPart, toolCallPart } from '../common/parts.js';
import type { StreamHandler } from '../common/response-parsers.js';
import { responsesUsage } from './openai-usage.js';
import { noteUnparsed, unparsedBody } from '../common/unparsed.js';

/** Semconv's mapping from Responses status to a finish reason. */
function finishReason(
  status: string | undefined,
  incomplete: unknown,
): string | undefined {
  if (status === 'completed') return 'stop';
  if (status === 'failed' || status === 'cancelled') return CUT_FINISH_REASON;
  if (status === 'incomplete')
    return str(obj(incomplete)?.['reason']) ?? 'incomplete';
  return undefined;
}

function outputMessage(
  output: unknown,
  reason: string | undefined,
): ChatMessage {
  const parts: MessagePart[] = [];
  for (const entry of arr(output) ?? []) {
    const item = obj(entry);
    if (item === undefined) continue;
    const type = str(item['type']);
    if (type === 'message') {
      for (const c of arr(item['content']) ?? []) {
        const text = str(obj(c)?.['text']) ?? str(obj(c)?.['refusal']);
        if (text !== undefined) parts.push(textPart(text));
      }
    } else if (type === 'function_call' || type === 'custom_tool_call') {
      parts.push(
        toolCallPart(
          str(item['call_id']),
          str(item['name']),
          item['arguments'] ?? item['input'],
        ),
      );
    } else if (type === 'reasoning') {
      const text = (arr(item['summary']) ?? [])
        .map(s => str(obj(s)?.['text']) ?? '')
        .join('');
      parts.push({ type: 'reasoning', content: text });
    } else if (type !== undefined) {
      const id = str(item['id']);
      parts.push({
        type: 'server_tool_call',
        ...(id !== undefined ? { id } : {}),
        name: type,
        server_tool_call: { type },
      });
    }
  }
  return reason === undefined
    ? { role: 'assistant', parts }
    : { role: 'assistant', parts, finish_reason: reason };
}

/** Facts from a whole `response` object. */
export function responseObjectFacts(
  r: JsonObject,
  facts: ResponseFacts,
  options: ParseOptions,
): void {
  const id = str(r['id']);
  if (id !== undefined) facts.responseId = id;
  const model = str(r['model']);
  if (model !== undefined) facts.responseModel = model;
  const tier = str(r['service_tier']);
  if (tier !== undefined) facts.serviceTier = tier;
  const usage = responsesUsage(r['usage']);
  if (usage !== undefined) facts.usage = usage;
  const status = str(r['status']);
  const reason = finishReason(status, r['incomplete_details']);
  if (reason !== undefined) facts.finishReasons = [reason];
  if (status === 'failed') {
    facts.errorType = streamErrorType({ error: r['error'] }) ?? OTHER_ERROR;
  }
  if (options.captureContent && r['output'] !== undefined)
    facts.outputMessages = [outputMessage(r['output'], reason)];
}

function largeFacts(body: TruncatedText, facts: ResponseFacts): void {
  const id = str(firstValue(body.head, 'id'));
  if (id !== undefined) facts.responseId = id;
  const model =
    str(firstValue(body.head, 'model')) ?? str(lastValue(body.tail, 'model'));
  if (model !== undefined) facts.responseModel = model;
  const usage = responsesUsage(lastValue(body.tail, 'usage'));
  if (usage !== undefined) facts.usage = usage;
  const tier = str(lastValue(body.tail, 'service_tier'));
  if (tier !== undefined) facts.serviceTier = tier;
  const status = str(firstValue(body.head, 'status'));
  const reason = finishReason(
    status,
    firstValue(body.head, 'incomplete_details'),
  );
  if (reason !== undefined) facts.finishReasons = [reason];
  if (status === 'failed') facts.errorType = OTHER_ERROR;
}

export function responsesBodyFacts(
  body: string | TruncatedText,
  cut: boolean,
  options: ParseOptions,
): ResponseFacts {
  const facts: ResponseFacts = { complete: !cut };
  if (typeof body !== 'string') {
    largeFacts(body, facts);
    return facts;
  }
  const r = obj(parseJson(body));
  if (r === undefined) return unparsedBody();
  responseObjectFacts(r, facts, options);
  return facts;
}

const NO_CAPTURE: ParseOptions = { captureContent: false };

const TERMINAL = new Set([
  'response.completed',
  'response.incomplete',
  'response.failed',
]);

export class ResponsesStream implements StreamHandler<SseEvent> {
  private readonly facts: ResponseFacts = { complete: false };

  constructor(private readonly options: ParseOptions) {}

  onUnit(event: SseEvent): number {
    if (typeof event.data !== 'string') {
      // Only a terminal event carrying a long output gets this large.
      const type = str(firstValue(event.data.head, 'type'));
      if (type !== undefined && TERMINAL.has(type)) {
        largeFacts(
          {
            ...event.data,
            head: event.data.head.slice(event.data.head.indexOf('"response"')),
          },
          this.facts,
        );
        this.facts.complete = true;
      }
      return type?.endsWith('.delta') === true ? 1 : 0;
    }
    const v = obj(parseJson(event.data));
    if (v === undefined) return noteUnparsed(this.facts, event.data);
    const type = str(v['type']) ?? event.event;
    if (type === 'error') {
      this.facts.errorType =
        str(v['code']) ?? streamErrorType(v) ?? OTHER_ERROR;
      return 0;
    }
    const response = obj(v['response']);
    if (response !== undefined) {
      const terminal = TERMINAL.has(type);
      // Only the terminal event carries the whole output.
      responseObjectFacts(
        response,
        this.facts,
        terminal ? this.options : NO_CAPTURE,
      );
      if (terminal) this.facts.complete = true;
    }
    return type.endsWith('.delta') ? 1 : 0;
  }

  /** Named by every chunk (or the first event); see ResponseParser. */
  responseModel(): string | undefined {
    return this.facts.responseModel;
  }

  finish(_cut: boolean): ResponseFacts {
    if (!this.facts.complete) this.facts.finishReasons = [CUT_FINISH_REASON];
    return this.facts;
  }
}
