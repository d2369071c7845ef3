// watsonx.ai text generation (`/ml/v1/text/generation`, `…_stream`): a
// prompt in `input`, sampling in `parameters`; the answer's `results` carry
// the text, the stop reason and both token counts. A stream sends partial
// answers as SSE events; the last one has the stop reason and the counts.

import type { TruncatedText } from '../framing/bounded-text.js';
import type { SseEvent } from '../framing/sse-decoder.js';
import { lastValue } from '../json/json-scan.js';
import {
  arr,
  int,
  num,
  obj,
  parseBodyObject,
  parseJson,
  str,
  strings,
} from '../json/json-value.js';
import type { JsonObject } from '../json/json-value.js';
import type {
  ParseOptions,
  ProviderMatch,
  RequestFacts,
  ResponseFacts,
} from '../types.js';
import { ContentBudget } from '../common/content-budget.js';
import { OTHER_ERROR, streamErrorType } from '../common/error-type.js';
import { CUT_FINISH_REASON } from '../common/finish-reasons.js';
import { textPart } from '../common/parts.js';
import type { StreamHandler } from '../common/response-parsers.js';
import { noteUnparsed, unparsedBody } from '../common/unparsed.js';

export function parseGenerationRequest(
  match: ProviderMatch,
  body: Uint8Array | string | undefined,
  options: ParseOptions,
): RequestFacts | undefined {
  const o = parseBodyObject(body);
  if (o === undefined) return undefined;
  if (match.confirmByBody && o['input'] === undefined) return undefined;
  const facts: RequestFacts = {};
  const model = match.model ?? str(o['model_id']);
  if (model !== undefined) facts.model = model;
  if (match.streamFromUrl === true) facts.stream = true;
  const p = obj(o['parameters']);
  if (p !== undefined) {
    const maxTokens = int(p['max_new_tokens']);
    if (maxTokens !== undefined) facts.maxTokens = maxTokens;
    const temperature = num(p['temperature']);
    if (temperature !== undefined) facts.temperature = temperature;
    const topP = num(p['top_p']);
    if (topP !== undefined) facts.topP = topP;
    const topK = int(p['top_k']);
    if (topK !== undefined) facts.topK = topK;
    const seed = int(p['random_seed']);
    if (seed !== undefined) facts.seed = seed;
    const stop = strings(p['stop_sequences']);
    if (stop !== undefined) facts.stopSequences = stop;
  }
  const input = str(o['input']);
  if (options.captureContent && input !== undefined)
    facts.inputMessages = [{ role: 'user', parts: [textPart(input)] }];
  return facts;
}

/** What one answer (or stream event) says; counts are the event's own. */
function readResults(v: JsonObject, facts: ResponseFacts): string {
  const model = str(v['model_id']);
  if (model !== undefined && model !== '') facts.responseModel = model;
  let text = '';
  for (const item of arr(v['results']) ?? []) {
    const r = obj(item);
    if (r === undefined) continue;
    text += str(r['generated_text']) ?? '';
    const reason = str(r['stop_reason']);
    if (reason !== undefined && reason !== 'not_finished')
      facts.finishReasons = [reason];
    const input = int(r['input_token_count']);
    const output = int(r['generated_token_count']);
    if (input !== undefined || output !== undefined)
      facts.usage = {
        ...facts.usage,
        ...(input !== undefined ? { inputTokens: input } : {}),
        ...(output !== undefined ? { outputTokens: output } : {}),
      };
  }
  return text;
}

export function generationBodyFacts(
  body: string | TruncatedText,
  cut: boolean,
  options: ParseOptions,
): ResponseFacts {
  const facts: ResponseFacts = { complete: !cut };
  if (typeof body !== 'string') {
    const model = str(lastValue(body.tail, 'model_id'));
    if (model !== undefined) facts.responseModel = model;
    const input = int(lastValue(body.tail, 'input_token_count'));
    const output = int(lastValue(body.tail, 'generated_token_count'));
    if (input !== undefined || output !== undefined)
      facts.usage = {
        ...(input !== undefined ? { inputTokens: input } : {}),
        ...(output !== undefined ? { outputTokens: output } : {}),
      };
    const reason = str(lastValue(body.tail, 'stop_reason'));
    if (reason !== undefined) facts.finishReasons = [reason];
    return facts;
  }
  const v = obj(parseJson(body));
  if (v === undefined) return unparsedBody();
  const errorType = streamErrorType(v);
  if (errorType !== undefined) facts.errorType = errorType;
  const text = readResults(v, facts);
  if (options.captureContent)
    facts.outputMessages = [{ role: 'assistant', parts: [textPart(text)] }];
  return facts;
}

export class GenerationStream implements StreamHandler<SseEvent> {
  private readonly facts: ResponseFacts = { complete: false };
  private readonly budget = new ContentBudget();
  private text = '';

  constructor(private readonly options: ParseOptions) {}

  onUnit(event: SseEvent): number {
    if (typeof event.data !== 'string') return 1;
    const v = obj(parseJson(event.data));
    if (v === undefined) return noteUnparsed(this.facts, event.data);
    if (event.event === 'error' || v['errors'] !== undefined) {
      this.facts.errorType = streamErrorType(v) ?? OTHER_ERROR;
      return 0;
    }
    const piece = readResults(v, this.facts);
    if (this.options.captureContent) this.text += this.budget.take(piece);
    if (this.facts.finishReasons !== undefined) this.facts.complete = true;
    return piece === '' ? 0 : 1;
  }

  responseModel(): string | undefined {
    return this.facts.responseModel;
  }

  finish(_cut: boolean): ResponseFacts {
    if (!this.facts.complete) this.facts.finishReasons = [CUT_FINISH_REASON];
    if (this.options.captureContent)
      this.facts.outputMessages = [
        { role: 'assistant', parts: [textPart(this.text)] },
      ];
    return this.facts;
  }
}
