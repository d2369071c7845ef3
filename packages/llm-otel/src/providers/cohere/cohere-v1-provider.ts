// Cohere v1 API, still what the `cohere-ai` SDK's CohereClient speaks:
// api.cohere.com (and api.cohere.ai) POST /v1/chat and the legacy
// /v1/generate, streamed as NDJSON when the body says `stream: true`;
// /v1/embed has the v2 embed shape. The same paths on other hosts once the
// body confirms the v1 shape.

import type { ProviderMatch, ProviderModule } from '../types.js';
import { safeParseRequest } from '../common/safe-parse-request.js';
import {
  createBodyParser,
  createErrorParser,
  createNdjsonParser,
  framingOf,
  isErrorStatus,
} from '../common/response-parsers.js';
import {
  cohereEmbedBodyFacts,
  parseCohereEmbedRequest,
} from './cohere-embed.js';
import {
  parseCohereGenerateRequest,
  parseCohereV1ChatRequest,
} from './cohere-v1-request.js';
import {
  CohereGenerateStream,
  CohereV1ChatStream,
  cohereGenerateBodyFacts,
  cohereV1ChatBodyFacts,
} from './cohere-v1-response.js';

const CHAT: ProviderMatch = {
  provider: 'cohere',
  operation: 'chat',
  api: 'cohere.chat',
  confirmByBody: false,
};
/** Legacy completion endpoint; its parsers are picked by the operation. */
const GENERATE: ProviderMatch = { ...CHAT, operation: 'text_completion' };
const EMBED: ProviderMatch = {
  ...CHAT,
  operation: 'embeddings',
  api: 'cohere.embed',
};

const CHAT_BY_PATH: ProviderMatch = { ...CHAT, confirmByBody: true };
const GENERATE_BY_PATH: ProviderMatch = { ...GENERATE, confirmByBody: true };
const EMBED_BY_PATH: ProviderMatch = { ...EMBED, confirmByBody: true };

export const cohereV1Provider: ProviderModule = {
  match(method, url) {
    if (method !== 'POST') return undefined;
    const host = url.hostname;
    const path = url.pathname;
    if (host === 'api.cohere.com' || host === 'api.cohere.ai') {
      if (path === '/v1/chat') return CHAT;
      if (path === '/v1/generate') return GENERATE;
      return undefined;
    }
    if (path.endsWith('/v1/chat')) return CHAT_BY_PATH;
    if (path.endsWith('/v1/generate')) return GENERATE_BY_PATH;
    if (path.endsWith('/v1/embed')) return EMBED_BY_PATH;
    return undefined;
  },

  parseRequest(match, body, options) {
    return safeParseRequest(match, () => {
      if (match.api === 'cohere.embed')
        return parseCohereEmbedRequest(match, body);
      return match.operation === 'text_completion'
        ? parseCohereGenerateRequest(match, body, options)
        : parseCohereV1ChatRequest(match, body, options);
    });
  },

  createResponseParser(match, request, response, options) {
    if (isErrorStatus(response)) return createErrorParser();
    if (match.api === 'cohere.embed')
      return createBodyParser(
        (body, cut) => cohereEmbedBodyFacts(body, cut, request),
        256 * 1024,
      );
    const generate = match.operation === 'text_completion';
    // Cohere labels the NDJSON stream `application/stream+json`: the body's
    // `stream` flag decides, an ndjson content type too.
    if (request.stream === true || framingOf(response) === 'ndjson')
      return createNdjsonParser(
        generate
          ? new CohereGenerateStream(request, options)
          : new CohereV1ChatStream(request, options),
      );
    return createBodyParser((body, cut) =>
      generate
        ? cohereGenerateBodyFacts(body, cut, request, options)
        : cohereV1ChatBodyFacts(body, cut, request, options),
    );
  },
};
