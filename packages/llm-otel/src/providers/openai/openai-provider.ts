// OpenAI and everything that speaks its wire format: Azure OpenAI, known
// compatible hosts, user-declared base URLs, and unknown hosts matched by path
// (confirmed by body shape). Host and path checks only: no body access here.

import { decodeSegment } from '../common/decode-segment.js';
import type {
  MatchOptions,
  OperationName,
  ProviderMatch,
  ProviderModule,
  ResponseParser,
  WireApi,
} from '../types.js';
import { safeParseRequest } from '../common/safe-parse-request.js';
import {
  createBodyParser,
  createErrorParser,
  createSseParser,
  framedParser,
  framingOf,
  isErrorStatus,
} from '../common/response-parsers.js';
import { parseChatRequest, parseCompletionsRequest } from './chat-request.js';
import { ChatStream, chatBodyFacts } from './chat-response.js';
import { embeddingsBodyFacts, parseEmbeddingsRequest } from './embeddings.js';
import {
  CLOUDFLARE_GATEWAY_HOST,
  CLOUDFLARE_GATEWAY_PROVIDERS,
  OPENAI_COMPATIBLE,
  OPENAI_HOSTS,
  isAzureHost,
  isBedrockOpenAIHost,
  isWatsonxHost,
} from './openai-hosts.js';
import { providerFromGateway } from './gateway-provider-hint.js';
import { providerFromSdk } from './sdk-provider-hint.js';
import { namedByGatewayModel } from '../vercel-gateway/gateway-model-id.js';
import { parseResponsesRequest } from './responses-request.js';
import { ResponsesStream, responsesBodyFacts } from './responses-response.js';

interface Endpoint {
  readonly operation: OperationName;
  readonly api: WireApi;
}

const CHAT: Endpoint = { operation: 'chat', api: 'openai.chat' };
const COMPLETIONS: Endpoint = {
  operation: 'text_completion',
  api: 'openai.completions',
};
const EMBEDDINGS: Endpoint = {
  operation: 'embeddings',
  api: 'openai.embeddings',
};
const RESPONSES: Endpoint = { operation: 'chat', api: 'openai.responses' };
const FETCH_RESPONSE: Endpoint = {
  operation: 'fetch_response',
  api: 'openai.responses',
};

const RESPONSE_ID = /\/responses\/([^/]+)$/;

/** The endpoint a path ends with, if any. `fetch` allows GET /responses/{id}. */
function endpointOf(
  method: string,
  path: string,
  fetch: boolean,
): Endpoint | undefined {
  if (method === 'POST') {
    // Mistral's agents take chat messages (and an agent id for the model).
    if (
      path.endsWith('/chat/completions') ||
      path.endsWith('/agents/completions')
    )
      return CHAT;
    if (path.endsWith('/completions')) return COMPLETIONS;
    if (path.endsWith('/embeddings')) return EMBEDDINGS;
    if (path.endsWith('/responses')) return RESPONSES;
    return undefined;
  }
  if (method === 'GET' && fetch && RESPONSE_ID.test(path))
    return FETCH_RESPONSE;
  return undefined;
}

function trimSlash(path: string): string {
  return path.endsWith('/') ? path.slice(0, -1) : path;
}

function make(
  provider: string,
  endpoint: Endpoint,
  confirmByBody: boolean,
  model?: string,
): ProviderMatch {
  const match: ProviderMatch = {
    provider,
    operation: endpoint.operation,
    api: endpoint.api,
    confirmByBody,
  };
  return model === undefined ? match : { ...match, model };
}

/** The provider the request itself names: its SDK, or a gateway header. */
function namedByRequest(
  headers: Readonly<Record<string, string>>,
): string | undefined {
  return providerFromSdk(headers) ?? providerFromGateway(headers);
}

const AZURE_DEPLOYMENT = /^\/openai\/deployments\/([^/]+)(\/.*)$/;

function matchAzure(method: string, url: URL): ProviderMatch | undefined {
  const path = url.pathname;
  // Azure AI model inference (Foundry) endpoints speak the same format.
  if (path.startsWith('/models/')) {
    const endpoint = endpointOf(method, path, false);
    return endpoint === undefined
      ? undefined
      : make('azure.ai.inference', endpoint, false);
  }
  if (!path.startsWith('/openai/')) return undefined;
  const deployment = AZURE_DEPLOYMENT.exec(path);
  if (deployment !== null) {
    const endpoint = endpointOf(method, deployment[2] ?? '', false);
    if (endpoint === undefined) return undefined;
    return make(
      'azure.ai.openai',
      endpoint,
      false,
      decodeSegment(deployment[1] ?? ''),
    );
  }
  // /openai/v1/... and the preview /openai/responses?api-version=...
  const endpoint = endpointOf(method, path, true);
  return endpoint === undefined
    ? undefined
    : make('azure.ai.openai', endpoint, false);
}

/** `/v1/{account}/{gateway}/{provider}/{rest}` on Cloudflare AI Gateway. */
const CLOUDFLARE_ROUTE = /^\/v1\/[^/]+\/[^/]+\/([^/]+)(\/.*)$/;
/** Its Azure route: `azure-openai/{resource}/{deployment}/{rest}`. */
const CLOUDFLARE_AZURE = /^\/[^/]+\/([^/]+)(\/.*)$/;

function matchCloudflareGateway(
  method: string,
  url: URL,
): ProviderMatch | undefined {
  const route = CLOUDFLARE_ROUTE.exec(url.pathname);
  const provider = CLOUDFLARE_GATEWAY_PROVIDERS.get(route?.[1] ?? '');
  if (route === null || provider === undefined) return undefined;
  let rest = route[2] ?? '';
  let model: string | undefined;
  if (provider === 'azure.ai.openai') {
    // The deployment is the model, as on Azure itself.
    const azure = CLOUDFLARE_AZURE.exec(rest);
    if (azure === null) return undefined;
    model = decodeSegment(azure[1] ?? '');
    rest = azure[2] ?? '';
  }
  const endpoint = endpointOf(method, rest, false);
  return endpoint === undefined
    ? undefined
    : make(provider, endpoint, false, model);
}

function matchBaseUrls(
  method: string,
  url: URL,
  headers: Readonly<Record<string, string>>,
  options: MatchOptions,
): ProviderMatch | undefined {
  for (const base of options.openAICompatibleBaseUrls) {
    if (base.host !== url.host || base.protocol !== url.protocol) continue;
    const prefix = trimSlash(base.pathname);
    const path = url.pathname;
    if (
      !path.startsWith(prefix) ||
      (path.length > prefix.length && path[prefix.length] !== '/')
    )
      continue;
    const endpoint = endpointOf(method, path.slice(prefix.length), true);
    if (endpoint === undefined) continue;
    return make(
      OPENAI_HOSTS.get(url.hostname) ??
        namedByRequest(headers) ??
        OPENAI_COMPATIBLE,
      endpoint,
      false,
    );
  }
  return undefined;
}

export function matchOpenAI(
  method: string,
  url: URL,
  headers: Readonly<Record<string, string>>,
  options: MatchOptions,
): ProviderMatch | undefined {
  const host = url.hostname;
  const known = OPENAI_HOSTS.get(host);
  if (known !== undefined) {
    // Gemini and Anthropic hosts only speak OpenAI under these prefixes.
    if (known === 'gcp.gemini' && !url.pathname.includes('/openai/'))
      return undefined;
    const endpoint = endpointOf(method, url.pathname, true);
    return endpoint === undefined ? undefined : make(known, endpoint, false);
  }
  if (isAzureHost(host)) return matchAzure(method, url);
  if (host === CLOUDFLARE_GATEWAY_HOST) {
    const routed = matchCloudflareGateway(method, url);
    if (routed !== undefined) return routed;
  }
  if (isBedrockOpenAIHost(host)) {
    const endpoint = endpointOf(method, url.pathname, true);
    return endpoint === undefined
      ? undefined
      : make('aws.bedrock', endpoint, false);
  }
  // watsonx.ai's model gateway: /ml/gateway/v1/chat/completions, ….
  if (isWatsonxHost(host)) {
    const endpoint = endpointOf(method, url.pathname, false);
    return endpoint === undefined
      ? undefined
      : make('ibm.watsonx.ai', endpoint, false);
  }
  if (options.openAICompatibleBaseUrls.length > 0) {
    const declared = matchBaseUrls(method, url, headers, options);
    if (declared !== undefined) return declared;
  }
  // Azure OpenAI behind a gateway or a custom domain (API Management, a
  // corporate proxy): its deployment URL with api-version says so.
  if (
    url.searchParams.has('api-version') &&
    AZURE_DEPLOYMENT.test(url.pathname)
  )
    return matchAzure(method, url);
  // Any other host: Ollama /v1, vLLM, LM Studio, LiteLLM, ... by path, and
  // only counted once the request body proves the shape; unless an SDK that
  // speaks to one LLM service only says it sent the call (a Mistral agent's
  // request names no model), or a gateway header names the provider.
  const endpoint = endpointOf(method, url.pathname, false);
  if (endpoint === undefined) return undefined;
  const named = namedByRequest(headers);
  return make(named ?? OPENAI_COMPATIBLE, endpoint, named === undefined);
}

export const openaiProvider: ProviderModule = {
  match(method, url, headers, options) {
    return matchOpenAI(method, url, headers, options);
  },

  parseRequest(match, body, options) {
    const facts = safeParseRequest(match, () => {
      switch (match.api) {
        case 'openai.chat':
          return parseChatRequest(match, body, options);
        case 'openai.completions':
          return parseCompletionsRequest(match, body, options);
        case 'openai.embeddings':
          return parseEmbeddingsRequest(match, body);
        case 'openai.responses':
          return parseResponsesRequest(match, body, options);
        default:
          return undefined;
      }
    });
    return namedByGatewayModel(match, facts);
  },

  createResponseParser(match, request, response, options) {
    if (isErrorStatus(response)) return createErrorParser();
    if (match.api === 'openai.embeddings')
      return createBodyParser(embeddingsBodyFacts, 256 * 1024);
    const responses = match.api === 'openai.responses';
    const stream = (): ResponseParser =>
      createSseParser(
        responses ? new ResponsesStream(options) : new ChatStream(options),
      );
    const body = (): ResponseParser =>
      responses
        ? createBodyParser((text, cut) =>
            responsesBodyFacts(text, cut, options),
          )
        : createBodyParser(
            (text, cut) => chatBodyFacts(text, cut, options),
            options.captureContent ? 4 * 1024 * 1024 : undefined,
          );
    return framedParser(framingOf(response), request, stream, body);
  },
};
