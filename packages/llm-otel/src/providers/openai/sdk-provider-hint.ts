// The provider an SDK names itself as, for OpenAI-format calls to a host we
// do not know (a gateway, a proxy, a self-hosted mirror): groq-sdk and the
// Mistral SDK only ever speak to their own provider, so their user agent is
// better knowledge than `openai_compatible`. The openai SDK is not a hint: it
// is the client of choice for every OpenAI-compatible server.

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
  return undefined;
}
