// Response facts for Gemini generateContent: one GenerateContentResponse
// (non-stream), or a sequence of them (streamGenerateContent) framed as SSE
// with alt=sse or as one JSON array without it. Usage on the last chunk holds
// the totals. Large chunks (inline image data) are read from their tail, where
// usageMetadata, modelVersion and responseId sit.

import type { TruncatedText } from '../framing/bounded-text.js';
import type { Line } from '../framing/line-splitter.js';
import type { SseEvent } from '../framing/sse-decoder.js';
import { allValues, lastValue } from '../json/json-scan.js';
import { arr, int, obj, parseJson, str } from '../json/json-value.js';
import type { JsonObject } from '../json/json-value.js';
import type { ParseOptions, ResponseFacts } from '../types.js';
import { ContentBudget } from '../common/content-budget.js';
import { OTHER_ERROR, errorTypeFromBody } from '../common/error-type.js';
import { FinishReasons } from '../common/finish-reasons.js';
import { MessageBuilder } from '../common/message-builder.js';
import type { StreamHandler } from '../common/response-parsers.js';
import { geminiParts, roleOf } from './gemini-content.js';
import { geminiUsage } from './gemini-usage.js';
import { noteUnparsed, unparsedBody } from '../common/unparsed.js';

/** The last chunk often carries an empty text part next to finishReason. */
function hasContent(part: unknown): boolean {
  const p = obj(part);
  if (p === undefined) return false;
  const text = p['text'];
  return text === undefined || text !== '';
}

export class GeminiChunks {
  readonly facts: ResponseFacts = { complete: false };
  readonly reasons = new FinishReasons();
  private readonly budget = new ContentBudget();
  private readonly messages = new Map<number, MessageBuilder>();
  blocked = false;
  /** Whether the last string unit parsed as a JSON object. */
  parsed = false;

  constructor(private readonly options: ParseOptions) {}

  /** Reads one response object; returns 1 when it carried generated content. */
  onChunk(unit: string | TruncatedText): number {
    if (typeof unit !== 'string') return this.onLargeChunk(unit);
    const v = obj(parseJson(unit));
    this.parsed = v !== undefined;
    if (v === undefined) return noteUnparsed(this.facts, unit);
    if (v['error'] !== undefined) {
      this.facts.errorType = errorTypeFromBody(v) ?? OTHER_ERROR;
      return 0;
    }
    this.readHeader(v);
    let chunks = 0;
    for (const [position, item] of (arr(v['candidates']) ?? []).entries()) {
      const candidate = obj(item);
      if (candidate === undefined) continue;
      const index = int(candidate['index']) ?? position;
      this.reasons.seen(index);
      const reason = str(candidate['finishReason']);
      if (reason !== undefined) this.reasons.set(index, reason);
      const content = obj(candidate['content']);
      const parts = arr(content?.['parts']);
      if (parts !== undefined && parts.some(hasContent)) {
        chunks = 1;
        if (this.options.captureContent)
          this.collect(index, content?.['role'], parts);
      }
    }
    return chunks;
  }

  private readHeader(v: JsonObject): void {
    const id = str(v['responseId']);
    if (id !== undefined) this.facts.responseId = id;
    const model = str(v['modelVersion']);
    if (model !== undefined) this.facts.responseModel = model;
    const usage = geminiUsage(v['usageMetadata']);
    if (usage !== undefined) this.facts.usage = usage;
    if (str(obj(v['promptFeedback'])?.['blockReason']) !== undefined)
      this.blocked = true;
  }

  private onLargeChunk(unit: TruncatedText): number {
    const tail = unit.tail;
    const usage = geminiUsage(lastValue(tail, 'usageMetadata'));
    if (usage !== undefined) this.facts.usage = usage;
    const model = str(lastValue(tail, 'modelVersion'));
    if (model !== undefined) this.facts.responseModel = model;
    const id = str(lastValue(tail, 'responseId'));
    if (id !== undefined) this.facts.responseId = id;
    allValues(tail, 'finishReason').forEach((r, i) => {
      if (typeof r === 'string') this.reasons.set(i, r);
    });
    return 1;
  }

  private collect(
    index: number,
    role: unknown,
    parts: readonly unknown[],
  ): void {
    let message = this.messages.get(index);
    if (message === undefined) {
      message = new MessageBuilder(this.budget, roleOf(role ?? 'model'));
      this.messages.set(index, message);
    }
    for (const part of geminiParts(parts)) {
      if (part.type === 'text') message.text(String(part['content']));
      else if (part.type === 'reasoning')
        message.reasoning(String(part['content']));
      else if (part.type === 'tool_call') {
        // Gemini sends whole calls, never fragments.
        message.wholeToolCall({
          ...(part['id'] !== undefined ? { id: String(part['id']) } : {}),
          name: String(part['name']),
          input: part['arguments'],
        });
      }
    }
  }

  finish(cut: boolean, complete: boolean): ResponseFacts {
    const facts = this.facts;
    facts.complete = complete;
    const failed = facts.errorType !== undefined;
    const reasons = this.reasons.list(cut || !complete || failed);
    if (reasons !== undefined) facts.finishReasons = reasons;
    if (this.options.captureContent) {
      const indexes = [...this.messages.keys()].sort((a, b) => a - b);
      facts.outputMessages = indexes.map(i =>
        (this.messages.get(i) as MessageBuilder).build(reasons?.[i]),
      );
    }
    return facts;
  }
}

/** `streamGenerateContent?alt=sse`: no terminal event, a finishReason ends it. */
export class GeminiSseStream implements StreamHandler<SseEvent> {
  private readonly chunks: GeminiChunks;

  constructor(options: ParseOptions) {
    this.chunks = new GeminiChunks(options);
  }

  onUnit(event: SseEvent): number {
    return this.chunks.onChunk(event.data);
  }

  /** modelVersion, on every chunk; see ResponseParser. */
  responseModel(): string | undefined {
    return this.chunks.facts.responseModel;
  }

  finish(cut: boolean): ResponseFacts {
    const ended = this.chunks.reasons.any || this.chunks.blocked;
    return this.chunks.finish(cut, !cut && ended);
  }
}

/** `streamGenerateContent` without alt=sse: complete when the array closed. */
export class GeminiArrayStream implements StreamHandler<Line> {
  private readonly chunks: GeminiChunks;
  private closed = false;

  constructor(options: ParseOptions) {
    this.chunks = new GeminiChunks(options);
  }

  onUnit(element: Line): number {
    return this.chunks.onChunk(element);
  }

  setClosed(closed: boolean): void {
    this.closed = closed;
  }

  /** modelVersion, on every chunk; see ResponseParser. */
  responseModel(): string | undefined {
    return this.chunks.facts.responseModel;
  }

  finish(cut: boolean): ResponseFacts {
    return this.chunks.finish(cut, !cut && this.closed);
  }
}

export function generateBodyFacts(
  body: string | TruncatedText,
  cut: boolean,
  options: ParseOptions,
): ResponseFacts {
  const chunks = new GeminiChunks(options);
  chunks.onChunk(body);
  if (typeof body === 'string' && !chunks.parsed) return unparsedBody();
  return chunks.finish(cut, !cut);
}
