// Hosts known to speak the OpenAI wire format, with their provider names.
// Well-known semconv values where one exists; our own lower_snake values
// (openrouter, together, cerebras, …) otherwise: the vendor's name, which
// is what a dashboard groups by and a price table keys on.

import { VERCEL_AI_GATEWAY } from '../vercel-gateway/gateway-model-id.js';

/** Provider name for OpenAI-compatible traffic on a host we do not know. */
export const OPENAI_COMPATIBLE = 'openai_compatible';

export const OPENAI_HOSTS: ReadonlyMap<string, string> = new Map([
  ['api.openai.com', 'openai'],
  ['api.groq.com', 'groq'],
  ['api.mistral.ai', 'mistral_ai'],
  ['api.deepseek.com', 'deepseek'],
  ['api.together.xyz', 'together'],
  ['api.together.ai', 'together'],
  ['openrouter.ai', 'openrouter'],
  ['api.x.ai', 'x_ai'],
  ['api.perplexity.ai', 'perplexity'],
  ['api.fireworks.ai', 'fireworks'],
  ['api.moonshot.ai', 'moonshot_ai'],
  ['api.moonshot.cn', 'moonshot_ai'],
  ['api.cerebras.ai', 'cerebras'],
  ['api.sambanova.ai', 'sambanova'],
  ['router.huggingface.co', 'huggingface'],
  ['api.deepinfra.com', 'deepinfra'],
  ['integrate.api.nvidia.com', 'nvidia'],
  ['api.hyperbolic.xyz', 'hyperbolic'],
  ['api.novita.ai', 'novita'],
  ['api.studio.nebius.com', 'nebius'],
  ['api.studio.nebius.ai', 'nebius'],
  ['api.siliconflow.com', 'siliconflow'],
  ['api.siliconflow.cn', 'siliconflow'],
  ['api.lambda.ai', 'lambda'],
  ['inference.baseten.co', 'baseten'],
  ['api.minimax.io', 'minimax'],
  ['api.minimaxi.com', 'minimax'],
  // Alibaba Cloud Model Studio's compatible mode (Qwen).
  ['dashscope.aliyuncs.com', 'dashscope'],
  ['dashscope-intl.aliyuncs.com', 'dashscope'],
  // Zhipu's GLM API, in China and abroad.
  ['open.bigmodel.cn', 'zhipu_ai'],
  ['api.z.ai', 'z_ai'],
  // Meta's Llama API (`/compat/v1`).
  ['api.llama.com', 'meta'],
  // Vercel AI Gateway's OpenAI- and Anthropic-compatible APIs: the model id
  // in the body names the provider (namedByGatewayModel).
  ['ai-gateway.vercel.sh', VERCEL_AI_GATEWAY],
  // Helicone's proxy in front of OpenAI.
  ['oai.helicone.ai', 'openai'],
  // OpenAI-compatible endpoints of providers with a native API of their own.
  ['generativelanguage.googleapis.com', 'gcp.gemini'],
  ['api.anthropic.com', 'anthropic'],
]);

/**
 * Cloudflare AI Gateway: `/v1/{account}/{gateway}/{provider}/...` passes
 * the rest of the path to that provider. The OpenAI-format ones, named as
 * above; `compat` (any provider, `{provider}/{model}` in the body) stays
 * openai_compatible. Anthropic and Google AI Studio paths are matched by
 * their own modules.
 */
export const CLOUDFLARE_GATEWAY_HOST = 'gateway.ai.cloudflare.com';
export const CLOUDFLARE_GATEWAY_PROVIDERS: ReadonlyMap<string, string> =
  new Map([
    ['openai', 'openai'],
    ['azure-openai', 'azure.ai.openai'],
    ['groq', 'groq'],
    ['mistral', 'mistral_ai'],
    ['deepseek', 'deepseek'],
    ['grok', 'x_ai'],
    ['perplexity-ai', 'perplexity'],
    ['openrouter', 'openrouter'],
    ['compat', OPENAI_COMPATIBLE],
  ]);

const AZURE_SUFFIXES = [
  '.openai.azure.com',
  '.cognitiveservices.azure.com',
  '.services.ai.azure.com',
];

export function isAzureHost(hostname: string): boolean {
  for (const suffix of AZURE_SUFFIXES)
    if (hostname.endsWith(suffix)) return true;
  return false;
}

/** Bedrock's OpenAI-compatible endpoints (`/openai/v1` on these hosts). */
export function isBedrockOpenAIHost(hostname: string): boolean {
  return (
    (hostname.startsWith('bedrock-runtime.') &&
      hostname.endsWith('.amazonaws.com')) ||
    (hostname.startsWith('bedrock-mantle.') && hostname.endsWith('.api.aws'))
  );
}

/** IBM watsonx.ai's hosts: its own API, and an OpenAI-compatible gateway. */
export function isWatsonxHost(hostname: string): boolean {
  return /\.ml(?:\.test)?\.cloud\.ibm\.com$/.test(hostname);
}
