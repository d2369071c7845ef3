// Response facts for Mistral's Conversations API: a `conversation.response`
// body, or an SSE stream of typed events (conversation.response.started,
// message.output.delta, ..., conversation.response.done with the usage, or
// conversation.response.error). Output entries name the model that wrote
// them; the API has no finish reason.

import type { TruncatedText } from '../framing/bounded-text.js';
import type { SseEvent } from '../framing/sse-decoder.js';
import { firstValue, lastValue } from '../json/json-scan.js';
import { arr, isObject, obj, parseJson, str } from '../json/json-value.js';
import type { JsonObject } from '../json/json-value.js';
import type {
  ChatMessage,
  MessagePart,
  ParseOptions,
  ResponseFacts,
} from '../types.js';
import { ContentBudget } from '../common/content-budget.js';
import { OTHER_ERROR, streamErrorType } from '../common/error-type.js';
import { CUT_FINISH_REASON } from '../common/finish-reasons.js';
import { textPart, toolCallPart } from '../common/parts.js';
import type { StreamHandler } from '../common/response-parsers.js';
import { noteUnparsed, unparsedBody } from '../common/unparsed.js';
import { chatUsage } from '../openai/openai-usage.js';
import { conversationText } from './conversations-request.js';

/** A low-cardinality error.type from an error event's numeric or string code. */
function errorCode(v: JsonObject): string {
  const code = v['code'];
  if (typeof code === 'number' && Number.isInteger(code)) return String(code);
  return str(code) ?? streamErrorType(v) ?? OTHER_ERROR;
}

function outputParts(outputs: unknown): MessagePart[] {
  const parts: MessagePart[] = [];
  for (const entry of (arr(outputs) ?? []).filter(isObject)) {
    const type = str(entry['type']);
    if (type === 'message.output') {
      const text = conversationText(entry['content']);
      if (text !== undefined) parts.push(textPart(text));
    } else if (type === 'function.call') {
      parts.push(
        toolCallPart(
          str(entry['tool_call_id']),
          str(entry['name']),
          entry['arguments'],
        ),
      );
    }
  }
  return parts;
}

/** The model of the first output entry that names one. */
function outputModel(outputs: unknown): string | undefined {
  for (const entry of arr(outputs) ?? []) {
    const model = str(obj(entry)?.['model']);
    if (model !== undefined && model !== '') return model;
  }
  return undefined;
}

export function conversationBodyFacts(
  body: string | TruncatedText,
  cut: boolean,
  options: ParseOptions,
): ResponseFacts {
  const facts: ResponseFacts = { complete: !cut };
  if (typeof body !== 'string') {
    const id = str(firstValue(body.head, 'conversation_id'));
    if (id !== undefined) facts.conversationId = id;
    const model = str(firstValue(body.head, 'model'));
    if (model !== undefined) facts.responseModel = model;
    const usage = chatUsage(lastValue(body.tail, 'usage'));
    if (usage !== undefined) facts.usage = usage;
    return facts;
  }
  const v = obj(parseJson(body));
  if (v === undefined) return unparsedBody();
  const errorType = streamErrorType(v);
  if (errorType !== undefined) facts.errorType = errorType;
  const id = str(v['conversation_id']);
  if (id !== undefined) facts.conversationId = id;
  const model = outputModel(v['outputs']);
  if (model !== undefined) facts.responseModel = model;
  const usage = chatUsage(v['usage']);
  if (usage !== undefined) facts.usage = usage;
  if (options.captureContent)
    facts.outputMessages = [
      { role: 'assistant', parts: outputParts(v['outputs']) },
    ];
  return facts;
}

/** Function calls one response keeps for content capture, at most. */
const MAX_CALLS = 128;

export class ConversationStream implements StreamHandler<SseEvent> {
  private readonly facts: ResponseFacts = { complete: false };
  private text = '';
  /** Bounds what content capture keeps of the streamed text and arguments. */
  private readonly budget = new ContentBudget();
  /** Function calls by id, their arguments as streamed. */
  private readonly calls = new Map<string, { name?: string; args: string }>();

  constructor(private readonly options: ParseOptions) {}

  onUnit(event: SseEvent): number {
    if (typeof event.data !== 'string') {
      // Only an output delta of a very long piece gets this large.
      return str(firstValue(event.data.head, 'type'))?.endsWith('.delta') ===
        true
        ? 1
        : 0;
    }
    const v = obj(parseJson(event.data));
    if (v === undefined) return noteUnparsed(this.facts, event.data);
    const type = str(v['type']) ?? event.event;
    switch (type) {
      case 'conversation.response.started': {
        const id = str(v['conversation_id']);
        if (id !== undefined) this.facts.conversationId = id;
        return 0;
      }
      case 'message.output.delta':
        this.noteModel(v);
        if (this.options.captureContent)
          this.text += this.budget.take(conversationText(v['content']) ?? '');
        return 1;
      case 'function.call.delta':
        this.noteModel(v);
        if (this.options.captureContent) this.noteCall(v);
        return 1;
      case 'conversation.response.done': {
        const usage = chatUsage(v['usage']);
        if (usage !== undefined) this.facts.usage = usage;
        this.facts.complete = true;
        return 0;
      }
      case 'conversation.response.error':
        this.facts.errorType = errorCode(v);
        return 0;
      default:
        return 0;
    }
  }

  private noteModel(v: JsonObject): void {
    const model = str(v['model']);
    if (model !== undefined && model !== '') this.facts.responseModel ??= model;
  }

  private noteCall(v: JsonObject): void {
    const id = str(v['tool_call_id']) ?? str(v['id']) ?? '';
    let call = this.calls.get(id);
    if (call === undefined) {
      if (this.calls.size >= MAX_CALLS) return;
      call = { args: '' };
      this.calls.set(id, call);
    }
    call.name ??= str(v['name']);
    call.args += this.budget.take(str(v['arguments']) ?? '');
  }

  /** Named by every output delta; see ResponseParser. */
  responseModel(): string | undefined {
    return this.facts.responseModel;
  }

  finish(_cut: boolean): ResponseFacts {
    if (!this.facts.complete) this.facts.finishReasons = [CUT_FINISH_REASON];
    if (this.options.captureContent) {
      const parts: MessagePart[] = [];
      if (this.text !== '') parts.push(textPart(this.text));
      for (const [id, call] of this.calls)
        parts.push(
          toolCallPart(id === '' ? undefined : id, call.name, call.args),
        );
      const message: ChatMessage = { role: 'assistant', parts };
      this.facts.outputMessages = [message];
    }
    return this.facts;
  }
}
