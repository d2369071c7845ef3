// The provider an SDK names itself as, for OpenAI-format calls to a host we
// do not know (a gateway, a proxy, a self-hosted mirror): groq-sdk, the
// Mistral, Together and Cerebras SDKs and Azure's AI Inference client only
// ever speak to their own service, so their user agent is better knowledge
// than `openai_compatible`. The openai SDK is not a hint: it is the client
// of choice for every OpenAI-compatible server.

/** A well-known gen_ai.provider.name from the SDK's user agent, if any. */
export function providerFromSdk(
  headers: Readonly<Record<string, string>>,
): string | undefined {
  const agent = headers['user-agent'];
  if (agent === undefined) return undefined;
  // groq-sdk: `Groq/JS 1.6.0` (and `Groq/Python ...`).
  if (agent.startsWith('Groq/')) return 'groq';
  // @mistralai/mistralai: `mistral-client-typescript/2.7.0` (the Python
  // client `mistral-client-python/...`); its generator's default names the
  // package: `speakeasy-sdk/typescript ... @mistralai/mistralai`.
  if (
    agent.startsWith('mistral-client-') ||
    /(?:^|[\s/@])mistralai(?:$|[\s/])/.test(agent)
  )
    return 'mistral_ai';
  // together-ai: `Together/JS 0.52.0` (the host map's name for its API).
  if (agent.startsWith('Together/')) return 'together';
  // @cerebras/cerebras_cloud_sdk, generated like the two above.
  if (agent.startsWith('Cerebras/')) return 'cerebras';
  // @azure-rest/ai-inference: `azsdk-js-ai-inference-rest/1.0.0-beta.6
  // core-rest-pipeline/…`; the Python client `azsdk-python-ai-inference/…`.
  if (/^azsdk-[a-z]+-ai-inference\b/.test(agent)) return 'azure.ai.inference';
  return undefined;
}
