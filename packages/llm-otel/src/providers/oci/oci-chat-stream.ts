// OCI streams (chat and generateText with `isStream: true`): data-only SSE.
// The SDK does not parse them: it hands the raw body to the app when the
// content type is exactly `text/event-stream`. The events, as captures of
// the service published by SDK integrations show them:
// - GENERIC: `{index, message:{role, content:[{type:"TEXT", text}],
//   toolCalls}, pad}`; `finishReason` on the choice's last event; with
//   `streamOptions.isIncludeUsage` one more event after it with `usage`.
// - COHEREV2: `{apiFormat:"COHEREV2", message:{role, content}}`, ending
//   with `{apiFormat, message:{role}, finishReason}`.
// - COHERE: `{apiFormat:"COHERE", text, pad}` deltas; the last event has
//   `finishReason` and repeats the whole text beside `chatHistory`.
// - generateText: `{index?, text, finishReason?}`.
// No `[DONE]` (the SDK docs promise one: taken if it comes), and the service
// may hold the connection open after the finish event. Events are sometimes
// separated by a single newline: such an event's data holds several JSON
// lines, each read on its own. No model in any event: the request model
// stands in.

import type { SseEvent } from '../framing/sse-decoder.js';
import { arr, int, isObject, obj, parseJson, str } from '../json/json-value.js';
import type { JsonObject } from '../json/json-value.js';
import type { ParseOptions, RequestFacts, ResponseFacts } from '../types.js';
import { ContentBudget } from '../common/content-budget.js';
import { OTHER_ERROR } from '../common/error-type.js';
import { FinishReasons } from '../common/finish-reasons.js';
import { MessageBuilder } from '../common/message-builder.js';
import type { StreamHandler } from '../common/response-parsers.js';
import { noteUnparsed } from '../common/unparsed.js';
import { OCI_ERROR_FINISH, readOciModel } from './oci-chat-response.js';
import { ociErrorType } from './oci-error-parser.js';
import { ociUsage } from './oci-usage.js';

/** The JSON objects of one event's data, or undefined when one is not. */
function eventObjects(data: string): JsonObject[] | 'done' | undefined {
  const whole = obj(parseJson(data));
  if (whole !== undefined) return [whole];
  if (!data.includes('\n')) return undefined;
  const out: JsonObject[] = [];
  let done = false;
  for (const line of data.split('\n')) {
    if (line.trim() === '') continue;
    if (line.trim() === '[DONE]') done = true;
    else {
      const v = obj(parseJson(line));
      if (v === undefined) return undefined;
      out.push(v);
    }
  }
  return out.length === 0 && done ? 'done' : out;
}

/** Where the tool call fragments of one choice go. */
interface ToolSlot {
  index: number;
  id: string | undefined;
}

export class OciChatStream implements StreamHandler<SseEvent> {
  private readonly facts: ResponseFacts = { complete: false };
  private readonly reasons = new FinishReasons();
  private readonly budget = new ContentBudget();
  private readonly messages = new Map<number, MessageBuilder>();
  private readonly slots = new Map<number, ToolSlot>();
  /** Choices started and not finished, and choices finished. */
  private readonly open = new Set<number>();
  private readonly closed = new Set<number>();
  /** Choices whose text, or tool calls, came in COHERE deltas. */
  private readonly texted = new Set<number>();
  private readonly called = new Set<number>();
  private done = false;

  constructor(
    request: RequestFacts,
    private readonly options: ParseOptions,
  ) {
    if (request.model !== undefined) this.facts.responseModel = request.model;
  }

  onUnit(event: SseEvent): number {
    if (event.done) {
      this.done = true;
      return 0;
    }
    // An event over the cap is a content delta in all likelihood.
    if (typeof event.data !== 'string') return 1;
    const objects = eventObjects(event.data);
    if (objects === undefined) return noteUnparsed(this.facts, event.data);
    if (objects === 'done') {
      this.done = true;
      return 0;
    }
    let chunks = 0;
    for (const v of objects) chunks += this.onObject(v);
    return chunks;
  }

  private onObject(v: JsonObject): number {
    if (typeof v['code'] === 'string' && typeof v['message'] === 'string') {
      this.facts.errorType = ociErrorType(v) ?? OTHER_ERROR;
      return 0;
    }
    readOciModel(v, this.facts);
    const usage = ociUsage(v['usage']);
    if (usage !== undefined) this.facts.usage = usage;
    const index = int(v['index']) ?? 0;
    const message = obj(v['message']);
    const reason = str(v['finishReason']);
    let chunks = 0;
    if (message !== undefined) {
      this.seen(index);
      chunks = this.onMessage(index, message);
    } else if (typeof v['text'] === 'string') {
      this.seen(index);
      chunks = this.onText(index, v, reason !== undefined);
    }
    if (reason !== undefined) this.onFinish(index, reason);
    return chunks;
  }

  private seen(index: number): void {
    this.reasons.seen(index);
    if (!this.closed.has(index)) this.open.add(index);
  }

  private onFinish(index: number, reason: string): void {
    this.reasons.set(index, reason);
    this.open.delete(index);
    this.closed.add(index);
    if (reason === OCI_ERROR_FINISH) this.facts.errorType = OTHER_ERROR;
  }

  private builder(index: number): MessageBuilder | undefined {
    if (!this.options.captureContent || index < 0 || index >= 1024)
      return undefined;
    let message = this.messages.get(index);
    if (message === undefined) {
      message = new MessageBuilder(this.budget);
      this.messages.set(index, message);
    }
    return message;
  }

  /** GENERIC and COHEREV2: a message delta. Returns its chunk count. */
  private onMessage(index: number, m: JsonObject): number {
    let has = false;
    const reasoning = str(m['reasoningContent']) ?? str(m['toolPlan']);
    if (reasoning !== undefined && reasoning !== '') {
      has = true;
      this.builder(index)?.reasoning(reasoning);
    }
    for (const item of arr(m['content']) ?? []) {
      const p = obj(item);
      const text = str(p?.['text']);
      const thinking = str(p?.['thinking']);
      if (text !== undefined && text !== '') {
        has = true;
        this.builder(index)?.text(text);
      } else if (thinking !== undefined && thinking !== '') {
        has = true;
        this.builder(index)?.reasoning(thinking);
      }
    }
    const refusal = str(m['refusal']);
    if (refusal !== undefined && refusal !== '') {
      has = true;
      this.builder(index)?.text(refusal);
    }
    for (const call of (arr(m['toolCalls']) ?? []).filter(isObject)) {
      has = true;
      this.onToolCall(index, call);
    }
    return has ? 1 : 0;
  }

  /**
   * Tool calls stream as fragments without an index: a fragment with a new
   * id starts a call, one without continues the last.
   */
  private onToolCall(index: number, call: JsonObject): void {
    const builder = this.builder(index);
    if (builder === undefined) return;
    const fn = obj(call['function']);
    const id = str(call['id']) || undefined;
    let slot = this.slots.get(index);
    if (slot === undefined) {
      slot = { index: 0, id };
      this.slots.set(index, slot);
    } else if (id !== undefined && slot.id !== undefined && id !== slot.id) {
      slot.index++;
      slot.id = id;
    } else if (id !== undefined) slot.id = id;
    const args = call['arguments'] ?? fn?.['arguments'];
    builder.toolCall(slot.index, {
      id,
      name: (str(call['name']) ?? str(fn?.['name'])) || undefined,
      ...(typeof args === 'string' ? { args } : { input: args }),
    });
  }

  /** COHERE and generateText: a text delta. Returns its chunk count. */
  private onText(index: number, v: JsonObject, last: boolean): number {
    // COHERE's last event repeats the whole answer beside chatHistory: what
    // deltas already brought is no delta again.
    const summary =
      last && (v['apiFormat'] === 'COHERE' || v['chatHistory'] !== undefined);
    let has = false;
    const text = str(v['text']) ?? '';
    if (text !== '' && !(summary && this.texted.has(index))) {
      has = true;
      this.texted.add(index);
      this.builder(index)?.text(text);
    }
    const calls = (arr(v['toolCalls']) ?? []).filter(isObject);
    if (calls.length > 0 && !(summary && this.called.has(index))) {
      has = true;
      this.called.add(index);
      for (const call of calls)
        this.builder(index)?.wholeToolCall({
          name: str(call['name']) ?? '',
          input: call['parameters'] ?? {},
        });
    }
    return has ? 1 : 0;
  }

  /** The request model stands in, known from the start; see ResponseParser. */
  responseModel(): string | null {
    return this.facts.responseModel ?? null;
  }

  finish(_cut: boolean): ResponseFacts {
    const facts = this.facts;
    // Every choice that started has finished: complete, even when the app
    // then dropped a connection the service kept open.
    facts.complete =
      this.done || (this.closed.size > 0 && this.open.size === 0);
    const reasons = this.reasons.list(!facts.complete);
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
