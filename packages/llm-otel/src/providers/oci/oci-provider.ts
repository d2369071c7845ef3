// Oracle Cloud Infrastructure Generative AI inference
// (`oracle_cloud.generative_ai`). oci-generativeaiinference posts JSON
// through oci-common's FetchHttpClient (global fetch; node-fetch over
// node:http when httpOptions carry an agent) to
// `inference.generativeai.{region}.oci.oraclecloud.com/20231130/actions/…`:
// chat (chat), embedText (embeddings), generateText (text_completion). The
// model is in the body's servingMode. Other hosts (dotted regions, custom
// realms, a proxy): the same paths, counted once the body proves the shape.
// summarizeText, rerankText and applyGuardrails are not generation calls
// semconv names an operation for: not matched.

import type { ProviderMatch, ProviderModule } from '../types.js';
import { safeParseRequest } from '../common/safe-parse-request.js';
import {
  createBodyParser,
  isErrorStatus,
  sseOrBodyParser,
} from '../common/response-parsers.js';
import { parseOciChatRequest } from './oci-chat-request.js';
import { ociChatBodyFacts } from './oci-chat-response.js';
import { OciChatStream } from './oci-chat-stream.js';
import { ociEmbedBodyFacts, parseOciEmbedRequest } from './oci-embed.js';
import { createOciErrorParser } from './oci-error-parser.js';
import {
  ociGenerateBodyFacts,
  parseOciGenerateRequest,
} from './oci-generate.js';
import { isOciInferenceHost } from './oci-hosts.js';

const OCI = 'oracle_cloud.generative_ai';

/** `/{API version, a date}/actions/{action}`; today /20231130/. */
const PATH = /\/\d{8}\/actions\/(chat|embedText|generateText)$/;

const CHAT: ProviderMatch = {
  provider: OCI,
  operation: 'chat',
  api: 'oci.chat',
  confirmByBody: false,
};
const EMBED: ProviderMatch = {
  ...CHAT,
  operation: 'embeddings',
  api: 'oci.embed',
};
const GENERATE: ProviderMatch = {
  ...CHAT,
  operation: 'text_completion',
  api: 'oci.generate',
};

const ON_OCI: Readonly<Record<string, ProviderMatch>> = {
  chat: CHAT,
  embedText: EMBED,
  generateText: GENERATE,
};
const BY_PATH: Readonly<Record<string, ProviderMatch>> = {
  chat: { ...CHAT, confirmByBody: true },
  embedText: { ...EMBED, confirmByBody: true },
  generateText: { ...GENERATE, confirmByBody: true },
};

export const ociProvider: ProviderModule = {
  match(method, url) {
    // A substring test first: every request to a host we do not know asks.
    if (method !== 'POST' || !url.pathname.includes('/actions/'))
      return undefined;
    const action = PATH.exec(url.pathname)?.[1];
    if (action === undefined) return undefined;
    return (isOciInferenceHost(url.hostname) ? ON_OCI : BY_PATH)[action];
  },

  parseRequest(match, body, options) {
    return safeParseRequest(match, () => {
      switch (match.api) {
        case 'oci.embed':
          return parseOciEmbedRequest(match, body);
        case 'oci.generate':
          return parseOciGenerateRequest(match, body, options);
        default:
          return parseOciChatRequest(match, body, options);
      }
    });
  },

  createResponseParser(match, request, response, options) {
    if (isErrorStatus(response)) return createOciErrorParser();
    switch (match.api) {
      case 'oci.embed':
        return createBodyParser(ociEmbedBodyFacts, 256 * 1024);
      case 'oci.generate':
        return sseOrBodyParser(
          response,
          request,
          () => new OciChatStream(request, options),
          (body, cut) => ociGenerateBodyFacts(body, cut, options),
        );
      default:
        return sseOrBodyParser(
          response,
          request,
          () => new OciChatStream(request, options),
          (body, cut) => ociChatBodyFacts(body, cut, options),
        );
    }
  },
};
