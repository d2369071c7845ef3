// Cohere v1 responses. /v1/chat: one JSON object (`text`, `response_id`,
// `generation_id`, `finish_reason`, `tool_calls`, `meta`), or an NDJSON
// stream of `event_type` lines: stream-start (generation_id), text-generation,
// tool-calls-chunk, tool-calls-generation, citation-generation, …, and
// stream-end whose `response` is the whole non-stream object, usage in
// `response.meta`. /v1/generate: `{id, generations:[…], meta}`, or NDJSON
// text-generation (with `index` per generation), stream-error and stream-end
// (no meta in the SDK types: usage only when present). No model in any of
// them: the request model stands in.

import type { TruncatedText } from '../framing/bounded-text.js';
import type { Line } from '../framing/line-splitter.js';
import { firstValue, lastValue } from '../json/json-scan.js';
import { arr, int, isObject, obj, parseJson, str } from '../json/json-value.js';
import type { JsonObject } from '../json/json-value.js';
import type {
  ChatMessage,
  ParseOptions,
  RequestFacts,
  ResponseFacts,
} from '../types.js';
import { ContentBudget } from '../common/content-budget.js';
import { OTHER_ERROR } from '../common/error-type.js';
import { CUT_FINISH_REASON, FinishReasons } from '../common/finish-reasons.js';
import { MessageBuilder } from '../common/message-builder.js';
import { textPart } from '../common/parts.js';
import type { StreamHandler } from '../common/response-parsers.js';
import { cohereUsage } from './cohere-usage.js';
import { v1ToolCalls } from './cohere-v1-messages.js';
import { noteUnparsed, unparsedBody } from '../common/unparsed.js';

/** The in-stream finish reason that says the generation failed. */
const ERROR_FINISH = 'ERROR';

function base(cut: boolean, request: RequestFacts): ResponseFacts {
  const facts: ResponseFacts = { complete: !cut };
  if (request.model !== undefined) facts.responseModel = request.model;
  return facts;
}

/** response_id names the call; generation_id the generation (stream-start). */
function readChat(
  v: JsonObject,
  facts: ResponseFacts,
  options: ParseOptions,
): void {
  const id = str(v['response_id']) ?? str(v['generation_id']);
  if (id !== undefined) facts.responseId = id;
  const reason = str(v['finish_reason']);
  if (reason !== undefined) facts.finishReasons = [reason];
  const usage = cohereUsage(v['meta']);
  if (usage !== undefined) facts.usage = usage;
  if (options.captureContent) {
    const text = str(v['text']);
    const parts = [
      ...(text === undefined || text === '' ? [] : [textPart(text)]),
      ...v1ToolCalls(v['tool_calls']),
    ];
    const message: ChatMessage = { role: 'assistant', parts };
    facts.outputMessages = [
      reason === undefined ? message : { ...message, finish_reason: reason },
    ];
  }
}

export function cohereV1ChatBodyFacts(
  body: string | TruncatedText,
  cut: boolean,
  request: RequestFacts,
  options: ParseOptions,
): ResponseFacts {
  const facts = base(cut, request);
  if (typeof body !== 'string') {
    const id =
      str(firstValue(body.head, 'response_id')) ??
      str(firstValue(body.head, 'generation_id'));
    if (id !== undefined) facts.responseId = id;
    const reason = str(lastValue(body.tail, 'finish_reason'));
    if (reason !== undefined) facts.finishReasons = [reason];
    const usage = cohereUsage(lastValue(body.tail, 'meta'));
    if (usage !== undefined) facts.usage = usage;
    return facts;
  }
  const v = obj(parseJson(body));
  if (v === undefined) return unparsedBody();
  readChat(v, facts, options);
  return facts;
}

export class CohereV1ChatStream implements StreamHandler<Line> {
  private readonly facts: ResponseFacts = { complete: false };
  private readonly message = new MessageBuilder(new ContentBudget());
  private started = false;
  private ended = false;

  constructor(
    request: RequestFacts,
    private readonly options: ParseOptions,
  ) {
    if (request.model !== undefined) this.facts.responseModel = request.model;
  }

  onUnit(line: Line): number {
    if (typeof line !== 'string') return 0;
    const v = obj(parseJson(line));
    if (v === undefined) return noteUnparsed(this.facts, line);
    switch (str(v['event_type'])) {
      case 'stream-start': {
        this.started = true;
        const id = str(v['generation_id']);
        if (id !== undefined) this.facts.responseId = id;
        return 0;
      }
      case 'text-generation':
        if (this.options.captureContent)
          this.message.text(str(v['text']) ?? '');
        return 1;
      case 'tool-calls-chunk':
        return 1;
      case 'tool-calls-generation':
        // Whole calls, after their chunks; `text` is the tool plan.
        if (this.options.captureContent) {
          const plan = str(v['text']);
          if (plan !== undefined && plan !== '') this.message.reasoning(plan);
          for (const call of arr(v['tool_calls']) ?? []) {
            if (!isObject(call)) continue;
            this.message.wholeToolCall({
              name: str(call['name']) ?? '',
              input: call['parameters'] ?? {},
            });
          }
        }
        return 0;
      case 'stream-end':
        this.onEnd(v);
        return 0;
      default:
        return 0;
    }
  }

  private onEnd(v: JsonObject): void {
    this.ended = true;
    this.facts.complete = true;
    const response = obj(v['response']);
    const id = str(response?.['response_id']);
    if (id !== undefined) this.facts.responseId = id;
    const reason = str(v['finish_reason']) ?? str(response?.['finish_reason']);
    if (reason !== undefined) this.facts.finishReasons = [reason];
    if (reason === ERROR_FINISH) this.facts.errorType = OTHER_ERROR;
    const usage = cohereUsage(response?.['meta']);
    if (usage !== undefined) this.facts.usage = usage;
  }

  /** The request model stands in, known from the start; see ResponseParser. */
  responseModel(): string | null {
    return this.facts.responseModel ?? null;
  }

  finish(_cut: boolean): ResponseFacts {
    const facts = this.facts;
    if (this.started && !this.ended) facts.finishReasons = [CUT_FINISH_REASON];
    if (this.options.captureContent && this.started)
      facts.outputMessages = [this.message.build(facts.finishReasons?.[0])];
    return facts;
  }
}

function generationsOutput(
  generations: readonly unknown[],
  reasons: readonly string[] | undefined,
): ChatMessage[] {
  return generations.filter(isObject).map((g, i) => {
    const reason = reasons?.[i];
    const message: ChatMessage = {
      role: 'assistant',
      parts: [textPart(str(g['text']) ?? '')],
    };
    return reason === undefined
      ? message
      : { ...message, finish_reason: reason };
  });
}

export function cohereGenerateBodyFacts(
  body: string | TruncatedText,
  cut: boolean,
  request: RequestFacts,
  options: ParseOptions,
): ResponseFacts {
  const facts = base(cut, request);
  if (typeof body !== 'string') {
    const id = str(firstValue(body.head, 'id'));
    if (id !== undefined) facts.responseId = id;
    const usage = cohereUsage(lastValue(body.tail, 'meta'));
    if (usage !== undefined) facts.usage = usage;
    return facts;
  }
  const v = obj(parseJson(body));
  if (v === undefined) return unparsedBody();
  const id = str(v['id']);
  if (id !== undefined) facts.responseId = id;
  const generations = arr(v['generations']) ?? [];
  const reasons = new FinishReasons();
  generations.forEach((g, i) => {
    const reason = str(obj(g)?.['finish_reason']);
    if (reason !== undefined) reasons.set(int(obj(g)?.['index']) ?? i, reason);
  });
  const list = reasons.list(false);
  if (list !== undefined) facts.finishReasons = list;
  const usage = cohereUsage(v['meta']);
  if (usage !== undefined) facts.usage = usage;
  if (options.captureContent)
    facts.outputMessages = generationsOutput(generations, list);
  return facts;
}

export class CohereGenerateStream implements StreamHandler<Line> {
  private readonly facts: ResponseFacts = { complete: false };
  private readonly reasons = new FinishReasons();
  private readonly texts: MessageBuilder[] = [];
  private readonly budget = new ContentBudget();
  private ended = false;

  constructor(
    request: RequestFacts,
    private readonly options: ParseOptions,
  ) {
    if (request.model !== undefined) this.facts.responseModel = request.model;
  }

  private builder(index: number): MessageBuilder | undefined {
    if (index < 0 || index >= 1024) return undefined;
    while (this.texts.length <= index)
      this.texts.push(new MessageBuilder(this.budget));
    return this.texts[index];
  }

  onUnit(line: Line): number {
    if (typeof line !== 'string') return 0;
    const v = obj(parseJson(line));
    if (v === undefined) return noteUnparsed(this.facts, line);
    const index = int(v['index']) ?? 0;
    switch (str(v['event_type'])) {
      case 'text-generation':
        this.reasons.seen(index);
        if (this.options.captureContent)
          this.builder(index)?.text(str(v['text']) ?? '');
        return 1;
      case 'stream-error': {
        this.facts.errorType = OTHER_ERROR;
        this.reasons.set(index, str(v['finish_reason']) ?? ERROR_FINISH);
        return 0;
      }
      case 'stream-end':
        this.onEnd(v);
        return 0;
      default:
        return 0;
    }
  }

  private onEnd(v: JsonObject): void {
    this.ended = true;
    this.facts.complete = true;
    const response = obj(v['response']);
    const id = str(response?.['id']);
    if (id !== undefined) this.facts.responseId = id;
    const generations = arr(response?.['generations']) ?? [];
    generations.forEach((g, i) => {
      const reason = str(obj(g)?.['finish_reason']);
      if (reason !== undefined)
        this.reasons.set(int(obj(g)?.['index']) ?? i, reason);
    });
    const reason = str(v['finish_reason']);
    if (reason !== undefined && !this.reasons.any) this.reasons.set(0, reason);
    const usage = cohereUsage(response?.['meta']);
    if (usage !== undefined) this.facts.usage = usage;
  }

  /** The request model stands in, known from the start; see ResponseParser. */
  responseModel(): string | null {
    return this.facts.responseModel ?? null;
  }

  finish(_cut: boolean): ResponseFacts {
    const facts = this.facts;
    const list = this.reasons.list(!this.ended);
    if (list !== undefined) facts.finishReasons = list;
    if (this.options.captureContent && this.texts.length > 0)
      facts.outputMessages = this.texts.map((b, i) => b.build(list?.[i]));
    return facts;
  }
}
