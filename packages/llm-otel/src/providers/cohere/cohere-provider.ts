// Cohere: api.cohere.com (and the older api.cohere.ai) /v2/chat, /v2/embed;
// the same paths on other hosts once the body confirms the shape.

import type { ProviderMatch, ProviderModule } from '../types.js';
import { safeParseRequest } from '../common/safe-parse-request.js';
import {
  createBodyParser,
  createErrorParser,
  isErrorStatus,
  sseOrBodyParser,
} from '../common/response-parsers.js';
import { parseCohereChatRequest } from './cohere-chat-request.js';
import {
  CohereChatStream,
  cohereChatBodyFacts,
} from './cohere-chat-response.js';
import {
  cohereEmbedBodyFacts,
  parseCohereEmbedRequest,
} from './cohere-embed.js';

const CHAT: ProviderMatch = {
  provider: 'cohere',
  operation: 'chat',
  api: 'cohere.chat',
  confirmByBody: false,
};
const EMBED: ProviderMatch = {
  provider: 'cohere',
  operation: 'embeddings',
  api: 'cohere.embed',
  confirmByBody: false,
};

const CHAT_BY_PATH: ProviderMatch = { ...CHAT, confirmByBody: true };
const EMBED_BY_PATH: ProviderMatch = { ...EMBED, confirmByBody: true };

export const cohereProvider: ProviderModule = {
  match(method, url) {
    if (method !== 'POST') return undefined;
    const host = url.hostname;
    const path = url.pathname;
    if (host === 'api.cohere.com' || host === 'api.cohere.ai') {
      if (path === '/v2/chat') return CHAT;
      if (path === '/v2/embed' || path === '/v1/embed') return EMBED;
      return undefined;
    }
    // Other hosts (proxies, test servers): the v2 paths, confirmed by body.
    if (path.endsWith('/v2/chat')) return CHAT_BY_PATH;
    if (path.endsWith('/v2/embed')) return EMBED_BY_PATH;
    return undefined;
  },

  parseRequest(match, body, options) {
    return safeParseRequest(match, () => {
      return match.api === 'cohere.embed'
        ? parseCohereEmbedRequest(match, body)
        : parseCohereChatRequest(match, body, options);
    });
  },

  createResponseParser(match, request, response, options) {
    if (isErrorStatus(response)) return createErrorParser();
    if (match.api === 'cohere.embed')
      return createBodyParser(
        (body, cut) => cohereEmbedBodyFacts(body, cut, request),
        256 * 1024,
      );
    return sseOrBodyParser(
      response,
      request,
      () => new CohereChatStream(request, options),
      (body, cut) => cohereChatBodyFacts(body, cut, request, options),
    );
  },
};
