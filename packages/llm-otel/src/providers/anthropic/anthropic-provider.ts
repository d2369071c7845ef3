// Anthropic Messages API: api.anthropic.com/v1/messages, the Anthropic-format
// endpoints of other providers (DeepSeek, Moonshot, OpenRouter: named by
// their host), and the same path on other hosts (proxies, gateways) once the
// body confirms the shape.

import type { ProviderMatch, ProviderModule } from '../types.js';
import { safeParseRequest } from '../common/safe-parse-request.js';
import {
  createErrorParser,
  isErrorStatus,
  sseOrBodyParser,
} from '../common/response-parsers.js';
import { OPENAI_HOSTS } from '../openai/openai-hosts.js';
import { namedByGatewayModel } from '../vercel-gateway/gateway-model-id.js';
import { parseMessagesRequest } from './messages-request.js';
import { MessagesStream, messagesBodyFacts } from './messages-response.js';

const KNOWN: ProviderMatch = {
  provider: 'anthropic',
  operation: 'chat',
  api: 'anthropic.messages',
  confirmByBody: false,
};
const BY_PATH: ProviderMatch = { ...KNOWN, confirmByBody: true };
/** Providers we know by host that also speak the Anthropic format. */
const OTHER_PROVIDERS: ReadonlyMap<string, ProviderMatch> = new Map(
  [...OPENAI_HOSTS].map(([host, provider]) => [host, { ...KNOWN, provider }]),
);

export const anthropicProvider: ProviderModule = {
  match(method, url) {
    if (method !== 'POST') return undefined;
    const path = url.pathname;
    if (url.hostname === 'api.anthropic.com')
      return path === '/v1/messages' ? KNOWN : undefined;
    if (!path.endsWith('/v1/messages')) return undefined;
    return OTHER_PROVIDERS.get(url.hostname) ?? BY_PATH;
  },

  parseRequest(match, body, options) {
    return namedByGatewayModel(
      match,
      safeParseRequest(match, () => parseMessagesRequest(match, body, options)),
    );
  },

  createResponseParser(_match, request, response, options) {
    if (isErrorStatus(response)) return createErrorParser();
    return sseOrBodyParser(
      response,
      request,
      () => new MessagesStream(options),
      (body, cut) => messagesBodyFacts(body, cut, options),
      options.captureContent ? 4 * 1024 * 1024 : undefined,
    );
  },
};
