// OpenAI-compatible paths are shared by several providers; the differences
// that matter on the wire (usage placement, extra fields) follow the flavor.
import type { MockRequest } from '../../types.js';

export type OpenAIFlavor = 'openai' | 'azure' | 'groq' | 'mistral';

/**
 * /openai/deployments/... is Azure. /openai/v1/... is Groq unless the client
 * is the openai SDK (user-agent OpenAI/ or AzureOpenAI/), which is how the
 * Azure v1 API is called. /v1/... is Mistral when the client says so
 * (user-agent mentions mistral) or the body has random_seed / safe_prompt;
 * otherwise OpenAI.
 */
export function openaiFlavor(req: MockRequest): OpenAIFlavor {
  const ua = req.headers['user-agent'] ?? '';
  if (req.params.deployment !== undefined) return 'azure';
  if (req.path.startsWith('/openai/v1/')) {
    return /^(Azure)?OpenAI\//.test(ua) ? 'azure' : 'groq';
  }
  const body = req.json as Record<string, unknown> | undefined;
  if (
    /mistral/i.test(ua) ||
    body?.random_seed !== undefined ||
    body?.safe_prompt !== undefined
  ) {
    return 'mistral';
  }
  return 'openai';
}
