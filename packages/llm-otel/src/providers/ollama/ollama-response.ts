// Ollama responses: one JSON object (stream:false) or NDJSON lines whose last
// one has `done:true` with the counts. prompt_eval_count is input,
// eval_count output; done_reason the finish reason. There is no response id.

import type { TruncatedText } from '../framing/bounded-text.js';
import type { Line } from '../framing/line-splitter.js';
import { firstValue, firstVectorLength, lastValue } from '../json/json-scan.js';
import { arr, int, obj, parseJson, str } from '../json/json-value.js';
import type { JsonObject } from '../json/json-value.js';
import type { ParseOptions, ResponseFacts, Usage } from '../types.js';
import { ContentBudget } from '../common/content-budget.js';
import { OTHER_ERROR } from '../common/error-type.js';
import { CUT_FINISH_REASON } from '../common/finish-reasons.js';
import { MessageBuilder } from '../common/message-builder.js';
import type { StreamHandler } from '../common/response-parsers.js';
import { noteUnparsed, unparsedBody } from '../common/unparsed.js';

function usageOf(v: JsonObject, withOutput: boolean): Usage | undefined {
  const usage: Usage = {};
  const input = int(v['prompt_eval_count']);
  if (input !== undefined) usage.inputTokens = input;
  const output = int(v['eval_count']);
  if (withOutput && output !== undefined) usage.outputTokens = output;
  return Object.keys(usage).length > 0 ? usage : undefined;
}

export class OllamaLines implements StreamHandler<Line> {
  private readonly facts: ResponseFacts = { complete: false };
  private readonly message = new MessageBuilder(new ContentBudget());
  private reason: string | undefined;
  private started = false;
  /** Whether the last string unit parsed as a JSON object. */
  parsed = false;

  constructor(private readonly options: ParseOptions) {}

  onUnit(line: Line): number {
    if (typeof line !== 'string') return 0;
    const v = obj(parseJson(line));
    this.parsed = v !== undefined;
    if (v === undefined) return noteUnparsed(this.facts, line);
    if (v['error'] !== undefined) {
      this.facts.errorType = OTHER_ERROR;
      return 0;
    }
    this.started = true;
    const model = str(v['model']);
    if (model !== undefined) this.facts.responseModel = model;
    const chunks = this.onContent(v);
    if (v['done'] === true) {
      this.facts.complete = true;
      this.reason = str(v['done_reason']);
      const usage = usageOf(v, true);
      if (usage !== undefined) this.facts.usage = usage;
    }
    return chunks;
  }

  private onContent(v: JsonObject): number {
    const m = obj(v['message']);
    const text = str(m?.['content']) ?? str(v['response']);
    const thinking = str(m?.['thinking']) ?? str(v['thinking']);
    const calls = arr(m?.['tool_calls']);
    const has =
      (text !== undefined && text !== '') ||
      (thinking !== undefined && thinking !== '') ||
      (calls !== undefined && calls.length > 0);
    if (has && this.options.captureContent) {
      if (thinking !== undefined) this.message.reasoning(thinking);
      if (text !== undefined) this.message.text(text);
      for (const call of calls ?? []) {
        const fn = obj(obj(call)?.['function']);
        this.message.wholeToolCall({
          ...(str(obj(call)?.['id']) !== undefined
            ? { id: str(obj(call)?.['id']) }
            : {}),
          name: str(fn?.['name']) ?? '',
          input: fn?.['arguments'],
        });
      }
    }
    return has ? 1 : 0;
  }

  /** Named by every chunk (or the first event); see ResponseParser. */
  responseModel(): string | undefined {
    return this.facts.responseModel;
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

export function ollamaBodyFacts(
  body: string | TruncatedText,
  cut: boolean,
  options: ParseOptions,
): ResponseFacts {
  if (typeof body !== 'string') {
    const facts: ResponseFacts = { complete: !cut };
    const model = str(firstValue(body.head, 'model'));
    if (model !== undefined) facts.responseModel = model;
    const reason = str(lastValue(body.tail, 'done_reason'));
    if (reason !== undefined) facts.finishReasons = [reason];
    const input = int(lastValue(body.tail, 'prompt_eval_count'));
    const output = int(lastValue(body.tail, 'eval_count'));
    if (input !== undefined || output !== undefined)
      facts.usage = {
        ...(input !== undefined ? { inputTokens: input } : {}),
        ...(output !== undefined ? { outputTokens: output } : {}),
      };
    return facts;
  }
  const lines = new OllamaLines(options);
  lines.onUnit(body);
  if (!lines.parsed) return unparsedBody();
  const facts = lines.finish(cut);
  facts.complete = !cut;
  return facts;
}

/** /api/embed `{model, embeddings:[[...]], prompt_eval_count}`, legacy /api/embeddings `{embedding:[...]}`. */
export function ollamaEmbedBodyFacts(
  body: string | TruncatedText,
  cut: boolean,
): ResponseFacts {
  const facts: ResponseFacts = { complete: !cut };
  if (typeof body !== 'string') {
    const model = str(firstValue(body.head, 'model'));
    if (model !== undefined) facts.responseModel = model;
    const input = int(lastValue(body.tail, 'prompt_eval_count'));
    if (input !== undefined) facts.usage = { inputTokens: input };
    const dims =
      firstVectorLength(body.head, 'embeddings') ??
      firstVectorLength(body.head, 'embedding');
    if (dims !== undefined) facts.embeddingsDimension = dims;
    return facts;
  }
  const v = obj(parseJson(body));
  if (v === undefined) return unparsedBody();
  const model = str(v['model']);
  if (model !== undefined) facts.responseModel = model;
  const usage = usageOf(v, false);
  if (usage !== undefined) facts.usage = usage;
  const first = arr(arr(v['embeddings'])?.[0]) ?? arr(v['embedding']);
  if (first !== undefined) facts.embeddingsDimension = first.length;
  return facts;
}
