// Deterministic ids and small values Bedrock responses carry.
import type { MockRequest } from '../../types.js';

/** 32 hex digits in the 8-4-4-4-12 UUID layout. */
function uuidOf(h: string): string {
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** x-amzn-requestid: a UUID made of the plan id (24 hex) and its first 8 digits. */
export function bedrockRequestId(req: MockRequest): string {
  return uuidOf(req.plan.id + req.plan.id.slice(0, 8));
}

/** Cohere Embed's `id`: a UUID made of the plan id and eight zeros. */
export function cohereEmbedId(req: MockRequest): string {
  return uuidOf(req.plan.id + '00000000');
}

/** The model id as sent, without a `~scenario` suffix. */
export function baseModelId(req: MockRequest): string {
  const model = req.params.model ?? req.model ?? '';
  const i = model.indexOf('~');
  return i < 0 ? model : model.slice(0, i);
}

/** anthropic.* model ids, also behind a cross-region profile or an ARN. */
export function isAnthropicModel(modelId: string): boolean {
  const last = modelId.slice(modelId.lastIndexOf('/') + 1);
  return /^(?:[a-z]{2,6}\.)?anthropic\./.test(last);
}

/** Embedding models: any id containing "embed" (titan-embed, cohere.embed, …). */
export function isEmbeddingModel(modelId: string): boolean {
  return /embed/i.test(modelId);
}

/** cohere.* model ids, also behind a cross-region profile or an ARN. */
export function isCohereModel(modelId: string): boolean {
  const last = modelId.slice(modelId.lastIndexOf('/') + 1);
  return /^(?:[a-z]{2,6}\.)?cohere\./i.test(last);
}

/**
 * The `model` an Anthropic body on Bedrock names: the id without ARN prefix,
 * region profile, `anthropic.` and the `-v1:0` version suffix
 * (us.anthropic.claude-sonnet-4-20250514-v1:0 -> claude-sonnet-4-20250514).
 */
export function anthropicModelName(modelId: string): string {
  return modelId
    .slice(modelId.lastIndexOf('/') + 1)
    .replace(/^(?:[a-z]{2,6}\.)?anthropic\./, '')
    .replace(/-v\d+(?::\d+)?$/, '');
}

/** Stream payloads carry a padding field "p" (to hide lengths): a fixed slice. */
const PAD = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
export function padding(index: number): string {
  return PAD.slice(0, 1 + ((index * 7) % PAD.length));
}

/** metrics.latencyMs and invocation latency: 100 + 10 per output token. */
export function latencyMs(outputTokens: number): number {
  return 100 + 10 * outputTokens;
}
