// The provider an LLM gateway routes a call to, where the request names it:
// Portkey's `x-portkey-provider` header carries the provider's slug. Calls
// routed by a virtual key or a saved config name no provider: they stay
// openai_compatible.

/**
 * Portkey slugs (its gateway's src/globals.ts) of providers we name, to the
 * gen_ai.provider.name values we give them on their own hosts.
 */
const PORTKEY_PROVIDERS: ReadonlyMap<string, string> = new Map([
  ['openai', 'openai'],
  ['azure-openai', 'azure.ai.openai'],
  ['anthropic', 'anthropic'],
  ['google', 'gcp.gemini'],
  ['vertex-ai', 'gcp.vertex_ai'],
  ['bedrock', 'aws.bedrock'],
  ['groq', 'groq'],
  ['mistral-ai', 'mistral_ai'],
  ['cohere', 'cohere'],
  ['deepseek', 'deepseek'],
  ['azure-ai', 'azure.ai.inference'],
  ['together-ai', 'together'],
  ['fireworks-ai', 'fireworks'],
  ['perplexity-ai', 'perplexity'],
  ['openrouter', 'openrouter'],
  ['x-ai', 'x_ai'],
  ['cerebras', 'cerebras'],
  ['sambanova', 'sambanova'],
  ['huggingface', 'huggingface'],
  ['deepinfra', 'deepinfra'],
  ['ollama', 'ollama'],
  ['moonshot', 'moonshot_ai'],
  ['dashscope', 'dashscope'],
  ['zhipu', 'zhipu_ai'],
  ['z-ai', 'z_ai'],
  ['nebius', 'nebius'],
  ['novita-ai', 'novita'],
  ['hyperbolic', 'hyperbolic'],
  ['lambda', 'lambda'],
  ['siliconflow', 'siliconflow'],
]);

/** A gen_ai.provider.name from the gateway headers of a request, if any. */
export function providerFromGateway(
  headers: Readonly<Record<string, string>>,
): string | undefined {
  const slug = headers['x-portkey-provider'];
  return slug === undefined
    ? undefined
    : PORTKEY_PROVIDERS.get(slug.trim().toLowerCase());
}
