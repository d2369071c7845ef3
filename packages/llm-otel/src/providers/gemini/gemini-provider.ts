// Google Gemini API (generativelanguage.googleapis.com) and Vertex AI
// (*aiplatform.googleapis.com): `…/models/{model}:{method}` on v1, v1beta,
// v1beta1 and v1alpha; the same path on other hosts once the body confirms
// it. The model is in the URL. Vertex also serves partner models: Anthropic
// under publishers/anthropic (Anthropic wire format), Mistral under
// publishers/mistralai and the OpenAI-compatible `endpoints/…/chat/completions`
// (Llama, DeepSeek, Qwen, Gemini …), both OpenAI chat format. All keep the
// hosting platform as provider name: gcp.vertex_ai.

import { decodeSegment } from '../common/decode-segment.js';
import type {
  OperationName,
  ProviderMatch,
  ProviderModule,
  WireApi,
} from '../types.js';
import { parseMessagesRequest } from '../anthropic/messages-request.js';
import {
  MessagesStream,
  messagesBodyFacts,
} from '../anthropic/messages-response.js';
import { safeParseRequest } from '../common/safe-parse-request.js';
import { openaiProvider } from '../openai/openai-provider.js';
import {
  createBodyParser,
  createErrorParser,
  createJsonArrayParser,
  createSseParser,
  sseOrBodyParser,
  framingOf,
  isErrorStatus,
} from '../common/response-parsers.js';
import { embedBodyFacts } from './embed-response.js';
import { parseEmbedRequest, parseGenerateRequest } from './generate-request.js';
import {
  GeminiArrayStream,
  GeminiSseStream,
  generateBodyFacts,
} from './generate-response.js';

const MODEL_METHOD =
  /^\/v1(?:beta1?|alpha)?\/(?:.*?\/)?(?:publishers\/(anthropic|mistralai)\/)?(?:models|tunedModels)\/([^/:]+):([A-Za-z]+)$/;

/** Vertex OpenAI-compatible chat (`endpoints/openapi`, dedicated endpoints). */
const VERTEX_OPENAI_CHAT: ProviderMatch = {
  provider: 'gcp.vertex_ai',
  operation: 'chat',
  api: 'openai.chat',
  confirmByBody: false,
};

function isVertexHost(host: string): boolean {
  return (
    host.endsWith('aiplatform.googleapis.com') ||
    (host.startsWith('aiplatform.') && host.endsWith('.rep.googleapis.com'))
  );
}

interface UrlFacts {
  readonly provider: string;
  readonly model: string;
  readonly confirmByBody: boolean;
}

/** Object literals, not spreads: a spread costs about 1 µs per match here. */
function make(
  base: UrlFacts,
  operation: OperationName,
  api: WireApi,
  streamFromUrl: boolean,
  confirmByBody: boolean = base.confirmByBody,
): ProviderMatch {
  const { provider, model } = base;
  return streamFromUrl
    ? { provider, model, confirmByBody, operation, api, streamFromUrl }
    : { provider, model, confirmByBody, operation, api };
}

/** Partner models on Vertex: `publishers/{anthropic,mistralai}/models/{m}:{rpc}`. */
function matchPartner(
  publisher: string,
  rpc: string | undefined,
  base: UrlFacts,
): ProviderMatch | undefined {
  if (rpc !== 'rawPredict' && rpc !== 'streamRawPredict') return undefined;
  const stream = rpc === 'streamRawPredict';
  if (publisher === 'anthropic')
    // count-tokens:rawPredict is Anthropic token counting, not a generation.
    return base.model === 'count-tokens'
      ? undefined
      : make(base, 'chat', 'anthropic.messages', stream);
  // Mistral OCR and Codestral FIM share these paths with other bodies: only
  // a body with `messages` (chat) is recorded.
  return make(base, 'chat', 'openai.chat', stream, true);
}

export function matchGemini(
  method: string,
  url: URL,
): ProviderMatch | undefined {
  if (method !== 'POST') return undefined;
  const host = url.hostname;
  let provider: string;
  let confirmByBody = false;
  if (host === 'generativelanguage.googleapis.com') provider = 'gcp.gemini';
  else if (isVertexHost(host)) provider = 'gcp.vertex_ai';
  else {
    // Any other host (proxy, gateway, test server): the `models/x:method`
    // path shape, confirmed by the body. Semconv: gcp.gen_ai when the
    // backend is unknown. The `:` test keeps other traffic off the regex.
    if (!url.pathname.includes(':')) return undefined;
    provider = 'gcp.gen_ai';
    confirmByBody = true;
  }
  if (
    provider === 'gcp.vertex_ai' &&
    url.pathname.endsWith('/chat/completions')
  )
    return VERTEX_OPENAI_CHAT;
  const m = MODEL_METHOD.exec(url.pathname);
  if (m === null) return undefined;
  const model = decodeSegment(m[2] ?? '');
  const rpc = m[3];
  const base: UrlFacts = { provider, model, confirmByBody };
  if (m[1] !== undefined) return matchPartner(m[1], rpc, base);
  switch (rpc) {
    case 'generateContent':
      return make(base, 'generate_content', 'gemini.generate', false);
    case 'streamGenerateContent':
      return make(base, 'generate_content', 'gemini.generate', true);
    case 'embedContent':
    case 'batchEmbedContents':
      return make(base, 'embeddings', 'gemini.embed', false);
    case 'predict':
      // Vertex serves text-embedding models (and others, e.g. Imagen) here.
      return provider === 'gcp.vertex_ai' && model.includes('embedding')
        ? make(base, 'embeddings', 'gemini.embed', false)
        : undefined;
    default:
      return undefined;
  }
}

export const geminiProvider: ProviderModule = {
  match(method, url) {
    return matchGemini(method, url);
  },

  parseRequest(match, body, options) {
    if (match.api === 'openai.chat') {
      const facts = openaiProvider.parseRequest(match, body, options);
      if (facts !== undefined && match.streamFromUrl === true)
        facts.stream = true;
      return facts;
    }
    return safeParseRequest(match, () => {
      if (match.api === 'anthropic.messages') {
        const facts = parseMessagesRequest(match, body, options);
        if (facts !== undefined && match.streamFromUrl === true)
          facts.stream = true;
        return facts;
      }
      if (match.api === 'gemini.embed') return parseEmbedRequest(match, body);
      return parseGenerateRequest(match, body, options);
    });
  },

  createResponseParser(match, request, response, options) {
    if (match.api === 'openai.chat')
      return openaiProvider.createResponseParser(
        match,
        request,
        response,
        options,
      );
    if (isErrorStatus(response)) return createErrorParser();
    const framing = framingOf(response);
    if (match.api === 'anthropic.messages') {
      return sseOrBodyParser(
        response,
        request,
        () => new MessagesStream(options),
        (body, cut) => messagesBodyFacts(body, cut, options),
      );
    }
    if (match.api === 'gemini.embed')
      return createBodyParser(embedBodyFacts, 256 * 1024);
    if (framing === 'sse') return createSseParser(new GeminiSseStream(options));
    if (match.streamFromUrl === true) {
      const stream = new GeminiArrayStream(options);
      return createJsonArrayParser(stream, closed => stream.setClosed(closed));
    }
    return createBodyParser(
      (body, cut) => generateBodyFacts(body, cut, options),
      options.captureContent ? 4 * 1024 * 1024 : undefined,
    );
  },
};
