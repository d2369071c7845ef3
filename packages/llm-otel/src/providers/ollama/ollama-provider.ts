// Ollama native API: /api/chat, /api/generate, /api/embed (and the legacy
// /api/embeddings). Known on ollama.com and port 11434; elsewhere matched by
// path and confirmed by the body shape.

import type {
  OperationName,
  ProviderMatch,
  ProviderModule,
  WireApi,
} from '../types.js';
import { safeParseRequest } from '../common/safe-parse-request.js';
import {
  createBodyParser,
  createErrorParser,
  createNdjsonParser,
  framingOf,
  isErrorStatus,
} from '../common/response-parsers.js';
import { parseOllamaRequest } from './ollama-request.js';
import {
  OllamaLines,
  ollamaBodyFacts,
  ollamaEmbedBodyFacts,
} from './ollama-response.js';

/** Not a semconv well-known value: our own, documented. */
export const OLLAMA_PROVIDER = 'ollama';

function endpoint(
  path: string,
): { operation: OperationName; api: WireApi } | undefined {
  switch (path) {
    case '/api/chat':
      return { operation: 'chat', api: 'ollama.chat' };
    case '/api/generate':
      return { operation: 'text_completion', api: 'ollama.generate' };
    case '/api/embed':
    case '/api/embeddings':
      return { operation: 'embeddings', api: 'ollama.embed' };
    default:
      return undefined;
  }
}

export function matchOllama(
  method: string,
  url: URL,
): ProviderMatch | undefined {
  if (method !== 'POST' || !url.pathname.startsWith('/api/')) return undefined;
  const found = endpoint(url.pathname);
  if (found === undefined) return undefined;
  const known = url.port === '11434' || url.hostname === 'ollama.com';
  return { provider: OLLAMA_PROVIDER, ...found, confirmByBody: !known };
}

export const ollamaProvider: ProviderModule = {
  match(method, url) {
    return matchOllama(method, url);
  },

  parseRequest(match, body, options) {
    return safeParseRequest(match, () => {
      return parseOllamaRequest(match, body, options);
    });
  },

  createResponseParser(match, request, response, options) {
    if (isErrorStatus(response)) return createErrorParser();
    if (match.api === 'ollama.embed')
      return createBodyParser(ollamaEmbedBodyFacts, 256 * 1024);
    const framing = framingOf(response);
    if (
      framing === 'ndjson' ||
      (framing === undefined && request.stream === true)
    )
      return createNdjsonParser(new OllamaLines(options));
    return createBodyParser((body, cut) => ollamaBodyFacts(body, cut, options));
  },
};
