// Vercel AI Gateway model ids name the model's creator first
// (`openai/gpt-5`, `anthropic/claude-sonnet-4`). Creators that are also the
// provider of their models get that provider's gen_ai.provider.name and the
// bare model, so the Collector prices the call as that provider's; others
// (meta, alibaba, …: served by whichever host the gateway picks) stay the
// gateway's, with the whole id.

import type { ProviderMatch, RequestFacts } from '../types.js';

/** Not a semconv well-known value: our own, documented. */
export const VERCEL_AI_GATEWAY = 'vercel.ai_gateway';

const BY_CREATOR: ReadonlyMap<string, string> = new Map([
  ['openai', 'openai'],
  ['anthropic', 'anthropic'],
  ['google', 'gcp.gemini'],
  ['xai', 'x_ai'],
  ['mistral', 'mistral_ai'],
  ['deepseek', 'deepseek'],
  ['cohere', 'cohere'],
  ['perplexity', 'perplexity'],
  ['moonshotai', 'moonshot_ai'],
  ['amazon', 'aws.bedrock'],
]);

export interface GatewayModel {
  readonly provider: string;
  readonly model: string;
}

export function gatewayModel(id: string): GatewayModel {
  const slash = id.indexOf('/');
  const provider =
    slash > 0 ? BY_CREATOR.get(id.slice(0, slash).toLowerCase()) : undefined;
  return provider === undefined
    ? { provider: VERCEL_AI_GATEWAY, model: id }
    : { provider, model: id.slice(slash + 1) };
}

/**
 * A request to the gateway's OpenAI- or Anthropic-compatible API names the
 * model in its body: the provider follows it there, as in gatewayModel().
 */
export function namedByGatewayModel(
  match: ProviderMatch,
  facts: RequestFacts | undefined,
): RequestFacts | undefined {
  if (match.provider !== VERCEL_AI_GATEWAY || facts?.model === undefined)
    return facts;
  const named = gatewayModel(facts.model);
  return named.provider === VERCEL_AI_GATEWAY
    ? facts
    : { ...facts, provider: named.provider, model: named.model };
}
