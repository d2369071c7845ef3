// Mistral's Conversations API (the SDK's beta.conversations): start, append
// and restart, each whole or streamed. On api.mistral.ai; elsewhere (a
// gateway, a proxy) by its paths, counted once the Mistral SDK's user agent
// or the body (`inputs` and a model) says it is one.

import { decodeSegment } from '../common/decode-segment.js';
import type { ProviderMatch, ProviderModule } from '../types.js';
import { safeParseRequest } from '../common/safe-parse-request.js';
import {
  createErrorParser,
  isErrorStatus,
  sseOrBodyParser,
} from '../common/response-parsers.js';
import { providerFromSdk } from '../openai/sdk-provider-hint.js';
import { parseConversationRequest } from './conversations-request.js';
import {
  ConversationStream,
  conversationBodyFacts,
} from './conversations-response.js';

const MISTRAL_HOST = 'api.mistral.ai';
const MISTRAL = 'mistral_ai';

/** `/v1/conversations` (start), `…/{id}` (append), `…/{id}/restart`. */
const CONVERSATIONS = /^\/v1\/conversations(?:\/([^/]+)(?:\/restart)?)?$/;

function matchConversations(
  method: string,
  url: URL,
  headers: Readonly<Record<string, string>>,
): ProviderMatch | undefined {
  if (method !== 'POST') return undefined;
  const found = CONVERSATIONS.exec(url.pathname);
  if (found === null) return undefined;
  const match: ProviderMatch = {
    provider: MISTRAL,
    operation: 'chat',
    api: 'mistral.conversations',
    confirmByBody:
      url.hostname !== MISTRAL_HOST && providerFromSdk(headers) !== MISTRAL,
  };
  const id = found[1];
  return id === undefined
    ? match
    : { ...match, conversationId: decodeSegment(id) };
}

export const mistralConversationsProvider: ProviderModule = {
  match(method, url, headers) {
    return matchConversations(method, url, headers);
  },

  parseRequest(match, body, options) {
    return safeParseRequest(match, () =>
      parseConversationRequest(match, body, options),
    );
  },

  createResponseParser(_match, request, response, options) {
    if (isErrorStatus(response)) return createErrorParser();
    return sseOrBodyParser(
      response,
      request,
      () => new ConversationStream(options),
      (text, cut) => conversationBodyFacts(text, cut, options),
    );
  },
};
