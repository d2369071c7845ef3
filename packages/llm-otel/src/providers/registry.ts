// Picks the provider module for an outgoing request from method, URL and
// headers only, before any body work. Most traffic is not LLM traffic, so
// the common path is one Map lookup on the host plus a few `endsWith` checks
// on the path, with no allocation.

import { anthropicProvider } from './anthropic/anthropic-provider.js';
import { bedrockProvider } from './bedrock/index.js';
import { cohereProvider } from './cohere/cohere-provider.js';
import { cohereV1Provider } from './cohere/cohere-v1-provider.js';
import { geminiProvider } from './gemini/gemini-provider.js';
import { mistralConversationsProvider } from './mistral/conversations-provider.js';
import { ociProvider } from './oci/oci-provider.js';
import { isOciInferenceHost } from './oci/oci-hosts.js';
import { ollamaProvider } from './ollama/ollama-provider.js';
import { openaiProvider } from './openai/openai-provider.js';
import { vercelGatewayProvider } from './vercel-gateway/gateway-provider.js';
import { isWatsonxHost } from './openai/openai-hosts.js';
import { watsonxProvider } from './watsonx/watsonx-provider.js';
import type { MatchOptions, ProviderMatch, ProviderModule } from './types.js';

export interface MatchedProvider {
  readonly match: ProviderMatch;
  readonly module: ProviderModule;
}

/** Modules tried for hosts with a native API of their own, in order. */
const BY_HOST: ReadonlyMap<string, readonly ProviderModule[]> = new Map([
  ['api.anthropic.com', [anthropicProvider, openaiProvider]],
  ['generativelanguage.googleapis.com', [geminiProvider, openaiProvider]],
  ['api.cohere.com', [cohereProvider, cohereV1Provider]],
  ['api.cohere.ai', [cohereProvider, cohereV1Provider]],
  ['ollama.com', [ollamaProvider]],
  ['api.mistral.ai', [openaiProvider, mistralConversationsProvider]],
  // Also OpenAI- and Anthropic-compatible (/v1/chat/completions, /v1/messages).
  [
    'ai-gateway.vercel.sh',
    [vercelGatewayProvider, openaiProvider, anthropicProvider],
  ],
]);

const VERTEX: readonly ProviderModule[] = [geminiProvider];
/** Bedrock Runtime, and its OpenAI-compatible /openai/v1 endpoints. */
const BEDROCK: readonly ProviderModule[] = [bedrockProvider, openaiProvider];
/**
 * Bedrock on other hosts (declared base URL, SigV4-signed proxy): its paths
 * all contain /model/, a test far cheaper than its host regex.
 */
const bedrockElsewhere: ProviderModule = {
  ...bedrockProvider,
  match(method, url, headers, options) {
    return url.pathname.includes('/model/')
      ? bedrockProvider.match(method, url, headers, options)
      : undefined;
  },
};
/**
 * Any other host: each wire format by its path, confirmed by the body;
 * Bedrock under a declared base URL or when SigV4-signed for `bedrock`.
 */
const ANY_HOST: readonly ProviderModule[] = [
  // Before OpenAI's: its /ml/v1/text/embeddings ends like OpenAI's path.
  watsonxProvider,
  openaiProvider,
  anthropicProvider,
  geminiProvider,
  cohereProvider,
  cohereV1Provider,
  ollamaProvider,
  mistralConversationsProvider,
  vercelGatewayProvider,
  ociProvider,
  bedrockElsewhere,
];
/** OCI Generative AI inference (its own API only). */
const OCI: readonly ProviderModule[] = [ociProvider];
/** watsonx.ai, and its OpenAI-compatible model gateway (/ml/gateway/v1). */
const WATSONX: readonly ProviderModule[] = [watsonxProvider, openaiProvider];

/**
 * Ollama's own port: its legacy `/api/embeddings` (ollama-js `embeddings()`)
 * is Ollama's there, not an OpenAI-compatible `…/embeddings`, whose body
 * (`prompt`, no `input`) would never prove the OpenAI shape.
 */
const OLLAMA_PORT = '11434';
const OLLAMA_FIRST: readonly ProviderModule[] = [
  ollamaProvider,
  ...ANY_HOST.filter(module => module !== ollamaProvider),
];

function modulesFor(url: URL): readonly ProviderModule[] {
  const host = url.hostname;
  const known = BY_HOST.get(host);
  if (known !== undefined) return known;
  if (host.endsWith('.googleapis.com')) return VERTEX;
  if (host.includes('bedrock')) return BEDROCK;
  if (isWatsonxHost(host)) return WATSONX;
  if (isOciInferenceHost(host)) return OCI;
  return url.port === OLLAMA_PORT ? OLLAMA_FIRST : ANY_HOST;
}

const NO_OPTIONS: MatchOptions = { openAICompatibleBaseUrls: [] };

/**
 * Returns the module and match for LLM traffic, or undefined for anything
 * else. Never reads a body and never throws.
 */
export function matchProvider(
  method: string,
  url: URL,
  headers: Readonly<Record<string, string>>,
  options: MatchOptions = NO_OPTIONS,
): MatchedProvider | undefined {
  try {
    for (const module of modulesFor(url)) {
      const match = module.match(method, url, headers, options);
      if (match !== undefined)
        return {
          match,
          module: module === bedrockElsewhere ? bedrockProvider : module,
        };
    }
  } catch {
    // A matcher bug must not reach the app: treat as non-LLM traffic.
  }
  return undefined;
}
