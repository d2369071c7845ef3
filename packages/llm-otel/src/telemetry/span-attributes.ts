// Maps parser facts to span attribute names of the chosen semconv version.

import type { Attributes } from '@opentelemetry/api';
import type { RequestFacts, ResponseFacts } from '../providers/types.js';
import type { SemconvVersion } from '../types.js';
import { cappedJson } from './capped-json.js';
import {
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT,
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_OUTPUT_TYPE,
  ATTR_GEN_AI_REQUEST_CHOICE_COUNT,
  ATTR_GEN_AI_REQUEST_ENCODING_FORMATS,
  ATTR_GEN_AI_REQUEST_FREQUENCY_PENALTY,
  ATTR_GEN_AI_REQUEST_MAX_TOKENS,
  ATTR_GEN_AI_REQUEST_PRESENCE_PENALTY,
  ATTR_GEN_AI_REQUEST_PREVIOUS_RESPONSE_ID,
  ATTR_GEN_AI_REQUEST_REASONING_LEVEL,
  ATTR_GEN_AI_REQUEST_SEED,
  ATTR_GEN_AI_REQUEST_STOP_SEQUENCES,
  ATTR_GEN_AI_REQUEST_STREAM,
  ATTR_GEN_AI_REQUEST_TEMPERATURE,
  ATTR_GEN_AI_REQUEST_TOP_K,
  ATTR_GEN_AI_REQUEST_TOP_P,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_ID,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_SYSTEM_INSTRUCTIONS,
  ATTR_GEN_AI_TOOL_DEFINITIONS,
  ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_WRITE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
  ATTR_OPENAI_REQUEST_SERVICE_TIER,
  ATTR_OPENAI_RESPONSE_SERVICE_TIER,
  ATTR_OPENAI_RESPONSE_SYSTEM_FINGERPRINT,
} from './semconv.js';

export interface ContentLimits {
  readonly onSpans: boolean;
  readonly maxLength: number;
}

function set(out: Attributes, key: string, value: unknown): void {
  if (typeof value === 'number' && Number.isFinite(value)) out[key] = value;
  else if (typeof value === 'string' || typeof value === 'boolean')
    out[key] = value;
  else if (Array.isArray(value) && value.every(v => typeof v === 'string'))
    out[key] = [...(value as string[])];
}

function setJson(
  out: Attributes,
  key: string,
  value: unknown,
  limits: ContentLimits,
): void {
  if (!limits.onSpans || value === undefined) return;
  const json = cappedJson(value, limits.maxLength);
  if (json !== undefined) out[key] = json;
}

function isOpenAI(provider: string): boolean {
  return provider === 'openai' || provider === 'azure.ai.openai';
}

/** Attributes known once the request body is parsed (set at span start). */
export function requestAttributes(
  facts: RequestFacts,
  provider: string,
  version: SemconvVersion,
  limits: ContentLimits,
): Attributes {
  const out: Attributes = {};
  if (facts.stream === true) out[ATTR_GEN_AI_REQUEST_STREAM] = true;
  set(out, ATTR_GEN_AI_REQUEST_TEMPERATURE, facts.temperature);
  set(out, ATTR_GEN_AI_REQUEST_TOP_P, facts.topP);
  set(out, ATTR_GEN_AI_REQUEST_TOP_K, facts.topK);
  set(out, ATTR_GEN_AI_REQUEST_MAX_TOKENS, facts.maxTokens);
  set(out, ATTR_GEN_AI_REQUEST_FREQUENCY_PENALTY, facts.frequencyPenalty);
  set(out, ATTR_GEN_AI_REQUEST_PRESENCE_PENALTY, facts.presencePenalty);
  set(out, ATTR_GEN_AI_REQUEST_STOP_SEQUENCES, facts.stopSequences);
  set(out, ATTR_GEN_AI_REQUEST_SEED, facts.seed);
  if (facts.choiceCount !== undefined && facts.choiceCount !== 1)
    set(out, ATTR_GEN_AI_REQUEST_CHOICE_COUNT, facts.choiceCount);
  set(out, ATTR_GEN_AI_OUTPUT_TYPE, facts.outputType);
  set(out, ATTR_GEN_AI_REQUEST_ENCODING_FORMATS, facts.encodingFormats);
  set(out, ATTR_GEN_AI_CONVERSATION_ID, facts.conversationId);
  if (
    isOpenAI(provider) &&
    facts.serviceTier !== undefined &&
    facts.serviceTier !== 'auto'
  )
    set(out, ATTR_OPENAI_REQUEST_SERVICE_TIER, facts.serviceTier);
  if (version === 'latest') {
    set(out, ATTR_GEN_AI_REQUEST_REASONING_LEVEL, facts.reasoningLevel);
    set(
      out,
      ATTR_GEN_AI_REQUEST_PREVIOUS_RESPONSE_ID,
      facts.previousResponseId,
    );
  }
  setJson(out, ATTR_GEN_AI_INPUT_MESSAGES, facts.inputMessages, limits);
  setJson(
    out,
    ATTR_GEN_AI_SYSTEM_INSTRUCTIONS,
    facts.systemInstructions,
    limits,
  );
  setJson(out, ATTR_GEN_AI_TOOL_DEFINITIONS, facts.toolDefinitions, limits);
  return out;
}

/** Attributes learned from the response, set when the attempt ends. */
export function responseAttributes(
  facts: ResponseFacts,
  provider: string,
  version: SemconvVersion,
  limits: ContentLimits,
): Attributes {
  const out: Attributes = {};
  set(out, ATTR_GEN_AI_RESPONSE_ID, facts.responseId);
  set(out, ATTR_GEN_AI_RESPONSE_MODEL, facts.responseModel);
  set(out, ATTR_GEN_AI_CONVERSATION_ID, facts.conversationId);
  if (facts.finishReasons !== undefined && facts.finishReasons.length > 0)
    set(out, ATTR_GEN_AI_RESPONSE_FINISH_REASONS, facts.finishReasons);
  const usage = facts.usage;
  if (usage !== undefined) {
    set(out, ATTR_GEN_AI_USAGE_INPUT_TOKENS, usage.inputTokens);
    set(out, ATTR_GEN_AI_USAGE_OUTPUT_TOKENS, usage.outputTokens);
    set(
      out,
      ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
      usage.cacheReadInputTokens,
    );
    set(
      out,
      version === 'latest'
        ? ATTR_GEN_AI_USAGE_CACHE_WRITE_INPUT_TOKENS
        : ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
      usage.cacheWriteInputTokens,
    );
    set(
      out,
      ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
      usage.reasoningOutputTokens,
    );
  }
  set(out, ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT, facts.embeddingsDimension);
  if (isOpenAI(provider)) {
    set(out, ATTR_OPENAI_RESPONSE_SERVICE_TIER, facts.serviceTier);
    set(out, ATTR_OPENAI_RESPONSE_SYSTEM_FINGERPRINT, facts.systemFingerprint);
  }
  setJson(out, ATTR_GEN_AI_OUTPUT_MESSAGES, facts.outputMessages, limits);
  return out;
}
