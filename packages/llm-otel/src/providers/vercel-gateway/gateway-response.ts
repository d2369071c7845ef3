// Response facts for the Vercel AI Gateway protocol: a generate result
// (`content`, `finishReason`, `usage`, `response`) or an SSE stream of AI SDK
// stream parts ending with `finish`. Usage is the AI SDK's: V3 nests totals
// (`inputTokens.total`, `.cacheRead`, `outputTokens.reasoning`), V2 was flat.

import { setUsage } from '../common/set-usage.js';
import type { TruncatedText } from '../framing/bounded-text.js';
import type { SseEvent } from '../framing/sse-decoder.js';
import { firstValue, firstVectorLength, lastValue } from '../json/json-scan.js';
import { arr, int, isObject, obj, parseJson, str } from '../json/json-value.js';
import type { JsonObject } from '../json/json-value.js';
import type {
  MessagePart,
  ParseOptions,
  ResponseFacts,
  Usage,
} from '../types.js';
import { ContentBudget } from '../common/content-budget.js';
import { OTHER_ERROR, streamErrorType } from '../common/error-type.js';
import { CUT_FINISH_REASON } from '../common/finish-reasons.js';
import { textPart, toolCallPart } from '../common/parts.js';
import type { StreamHandler } from '../common/response-parsers.js';
import { noteUnparsed, unparsedBody } from '../common/unparsed.js';
import { gatewayModel } from './gateway-model-id.js';

export function gatewayUsage(value: unknown): Usage | undefined {
  const u = obj(value);
  if (u === undefined) return undefined;
  const usage: Usage = {};
  const input = obj(u['inputTokens']);
  const output = obj(u['outputTokens']);
  if (input !== undefined) {
    setUsage(usage, 'inputTokens', int(input['total']));
    setUsage(usage, 'cacheReadInputTokens', int(input['cacheRead']));
    setUsage(usage, 'cacheWriteInputTokens', int(input['cacheWrite']));
  } else {
    setUsage(usage, 'inputTokens', int(u['inputTokens']));
    setUsage(usage, 'cacheReadInputTokens', int(u['cachedInputTokens']));
  }
  if (output !== undefined) {
    setUsage(usage, 'outputTokens', int(output['total']));
    setUsage(usage, 'reasoningOutputTokens', int(output['reasoning']));
  } else {
    setUsage(usage, 'outputTokens', int(u['outputTokens']));
    setUsage(usage, 'reasoningOutputTokens', int(u['reasoningTokens']));
  }
  return Object.keys(usage).length > 0 ? usage : undefined;
}

/** The provider's own reason where the gateway passes it, else the SDK's. */
function finishReason(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  const v = obj(value);
  return str(v?.['raw']) ?? str(v?.['unified']);
}

function readMetadata(v: JsonObject | undefined, facts: ResponseFacts): void {
  const id = str(v?.['id']);
  if (id !== undefined && id !== '') facts.responseId = id;
  const model = str(v?.['modelId']);
  if (model !== undefined && model !== '')
    facts.responseModel = gatewayModel(model).model;
}

function contentParts(content: unknown): MessagePart[] {
  const parts: MessagePart[] = [];
  for (const p of (arr(content) ?? []).filter(isObject)) {
    const type = str(p['type']);
    if (type === 'text') parts.push(textPart(str(p['text']) ?? ''));
    else if (type === 'reasoning')
      parts.push({ type: 'reasoning', content: str(p['text']) ?? '' });
    else if (type === 'tool-call')
      parts.push(
        toolCallPart(str(p['toolCallId']), str(p['toolName']), p['input']),
      );
  }
  return parts;
}

export function gatewayBodyFacts(
  body: string | TruncatedText,
  cut: boolean,
  options: ParseOptions,
): ResponseFacts {
  const facts: ResponseFacts = { complete: !cut };
  if (typeof body !== 'string') {
    readMetadata(obj(lastValue(body.tail, 'response')), facts);
    const usage = gatewayUsage(lastValue(body.tail, 'usage'));
    if (usage !== undefined) facts.usage = usage;
    const reason = finishReason(lastValue(body.tail, 'finishReason'));
    if (reason !== undefined) facts.finishReasons = [reason];
    return facts;
  }
  const v = obj(parseJson(body));
  if (v === undefined) return unparsedBody();
  const errorType = streamErrorType(v);
  if (errorType !== undefined) facts.errorType = errorType;
  readMetadata(obj(v['response']), facts);
  const usage = gatewayUsage(v['usage']);
  if (usage !== undefined) facts.usage = usage;
  const reason = finishReason(v['finishReason']);
  if (reason !== undefined) facts.finishReasons = [reason];
  if (options.captureContent)
    facts.outputMessages = [
      reason === undefined
        ? { role: 'assistant', parts: contentParts(v['content']) }
        : {
            role: 'assistant',
            parts: contentParts(v['content']),
            finish_reason: reason,
          },
    ];
  return facts;
}

/** An embedding model's answer: `embeddings` and `usage.tokens`. */
export function gatewayEmbedFacts(
  body: string | TruncatedText,
  cut: boolean,
): ResponseFacts {
  const facts: ResponseFacts = { complete: !cut };
  let usage: unknown;
  let dimension: number | undefined;
  if (typeof body === 'string') {
    const v = obj(parseJson(body));
    if (v === undefined) return unparsedBody();
    usage = v['usage'];
    dimension = arr(arr(v['embeddings'])?.[0])?.length;
  } else {
    usage = lastValue(body.tail, 'usage');
    dimension = firstVectorLength(body.head, 'embeddings');
  }
  const tokens = int(obj(usage)?.['tokens']);
  if (tokens !== undefined) facts.usage = { inputTokens: tokens };
  if (dimension !== undefined) facts.embeddingsDimension = dimension;
  return facts;
}

/** Stream parts that carry generated output: a chunk each. */
const OUTPUT_DELTAS = new Set([
  'text-delta',
  'reasoning-delta',
  'tool-input-delta',
]);

export class GatewayStream implements StreamHandler<SseEvent> {
  private readonly facts: ResponseFacts = { complete: false };
  private readonly budget = new ContentBudget();
  private text = '';
  private readonly calls: MessagePart[] = [];

  constructor(private readonly options: ParseOptions) {}

  onUnit(event: SseEvent): number {
    if (typeof event.data !== 'string') {
      // Only a very long delta gets this large.
      const type = str(firstValue(event.data.head, 'type'));
      return type !== undefined && OUTPUT_DELTAS.has(type) ? 1 : 0;
    }
    const v = obj(parseJson(event.data));
    if (v === undefined) return noteUnparsed(this.facts, event.data);
    const type = str(v['type']);
    switch (type) {
      case 'response-metadata':
        readMetadata(v, this.facts);
        return 0;
      case 'text-delta':
        if (this.options.captureContent)
          this.text += this.budget.take(str(v['delta']) ?? '');
        return 1;
      case 'tool-call':
        if (this.options.captureContent && this.calls.length < 128)
          this.calls.push(
            toolCallPart(str(v['toolCallId']), str(v['toolName']), v['input']),
          );
        return 0;
      case 'finish': {
        const usage = gatewayUsage(v['usage']);
        if (usage !== undefined) this.facts.usage = usage;
        const reason = finishReason(v['finishReason']);
        if (reason !== undefined) this.facts.finishReasons = [reason];
        this.facts.complete = true;
        return 0;
      }
      case 'error': {
        const error = obj(v['error']);
        this.facts.errorType =
          str(error?.['type']) ??
          str(error?.['name']) ??
          streamErrorType(v) ??
          OTHER_ERROR;
        return 0;
      }
      default:
        return type !== undefined && OUTPUT_DELTAS.has(type) ? 1 : 0;
    }
  }

  /** Named by the response-metadata part, before the first delta. */
  responseModel(): string | undefined {
    return this.facts.responseModel;
  }

  finish(_cut: boolean): ResponseFacts {
    if (!this.facts.complete) this.facts.finishReasons = [CUT_FINISH_REASON];
    if (this.options.captureContent) {
      const parts: MessagePart[] = [];
      if (this.text !== '') parts.push(textPart(this.text));
      parts.push(...this.calls);
      this.facts.outputMessages = [{ role: 'assistant', parts }];
    }
    return this.facts;
  }
}
