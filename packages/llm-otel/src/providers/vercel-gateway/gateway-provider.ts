// Vercel AI Gateway: the `ai` SDK's default provider for model strings
// (`generateText({ model: 'openai/gpt-5' })`) posts the SDK's own call
// options to `…/v3/ai/language-model` (and `…/embedding-model`), the model
// id and the stream flag in headers. On ai-gateway.vercel.sh; elsewhere (a
// proxy in front of it) by those paths, once the headers or the body say so.

import type { ProviderMatch, ProviderModule } from '../types.js';
import { safeParseRequest } from '../common/safe-parse-request.js';
import {
  createBodyParser,
  createErrorParser,
  isErrorStatus,
  sseOrBodyParser,
} from '../common/response-parsers.js';
import { VERCEL_AI_GATEWAY, gatewayModel } from './gateway-model-id.js';
import { parseGatewayRequest } from './gateway-request.js';
import {
  GatewayStream,
  gatewayBodyFacts,
  gatewayEmbedFacts,
} from './gateway-response.js';

const GATEWAY_HOST = 'ai-gateway.vercel.sh';
/** `/v1/ai/language-model`, `/v3/ai/embedding-model`, … */
const ENDPOINT = /\/v\d+\/ai\/(language|embedding)-model$/;

function matchGateway(
  method: string,
  url: URL,
  headers: Readonly<Record<string, string>>,
): ProviderMatch | undefined {
  if (method !== 'POST') return undefined;
  const found = ENDPOINT.exec(url.pathname);
  if (found === null) return undefined;
  const language = found[1] === 'language';
  // Embedding models send the id as `ai-model-id`, as the SDK's other
  // gateway models (image, video, …) do.
  const id = headers[language ? 'ai-language-model-id' : 'ai-model-id'];
  const named = id === undefined ? undefined : gatewayModel(id);
  const match: ProviderMatch = {
    provider: named?.provider ?? VERCEL_AI_GATEWAY,
    operation: language ? 'chat' : 'embeddings',
    api: language ? 'vercel.gateway.language' : 'vercel.gateway.embedding',
    // The SDK's own headers prove the protocol; a path alone does not.
    confirmByBody: url.hostname !== GATEWAY_HOST && named === undefined,
  };
  const streamed = headers['ai-language-model-streaming'] === 'true';
  if (named === undefined)
    return streamed ? { ...match, streamFromUrl: true } : match;
  return streamed
    ? { ...match, model: named.model, streamFromUrl: true }
    : { ...match, model: named.model };
}

export const vercelGatewayProvider: ProviderModule = {
  match(method, url, headers) {
    return matchGateway(method, url, headers);
  },

  parseRequest(match, body, options) {
    return safeParseRequest(match, () =>
      parseGatewayRequest(match, body, options),
    );
  },

  createResponseParser(match, request, response, options) {
    if (isErrorStatus(response)) return createErrorParser();
    if (match.api === 'vercel.gateway.embedding')
      return createBodyParser(gatewayEmbedFacts, 256 * 1024);
    return sseOrBodyParser(
      response,
      request,
      () => new GatewayStream(options),
      (text, cut) => gatewayBodyFacts(text, cut, options),
    );
  },
};
