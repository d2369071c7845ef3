// IBM watsonx.ai (`ibm.watsonx.ai`): @ibm-cloud/watsonx-ai posts over axios
// to `{region}.ml.cloud.ibm.com/ml/v1/text/{chat,chat_stream,generation,
// generation_stream,embeddings}`, or the same under
// `/ml/v1/deployments/{id}/text/…` (the deployment is the model). Chat is
// OpenAI's chat shape with `model_id` for `model`; the stream endpoints
// answer SSE. Other hosts (Cloud Pak for Data, a proxy): the same paths,
// counted once the body proves the shape.

import { decodeSegment } from '../common/decode-segment.js';
import type { OperationName, ProviderMatch, ProviderModule } from '../types.js';
import { safeParseRequest } from '../common/safe-parse-request.js';
import {
  createBodyParser,
  createErrorParser,
  isErrorStatus,
  sseOrBodyParser,
} from '../common/response-parsers.js';
import { parseChatRequest } from '../openai/chat-request.js';
import { isWatsonxHost } from '../openai/openai-hosts.js';
import { ChatStream, chatBodyFacts } from '../openai/chat-response.js';
import {
  GenerationStream,
  generationBodyFacts,
  parseGenerationRequest,
} from './watsonx-generation.js';
import {
  parseWatsonxEmbeddingsRequest,
  watsonxEmbeddingsFacts,
} from './watsonx-embeddings.js';

const WATSONX = 'ibm.watsonx.ai';
const PATH =
  /\/ml\/v1\/(?:deployments\/([^/]+)\/)?text\/(chat|chat_stream|generation|generation_stream|embeddings)$/;

const OPERATIONS: Readonly<
  Record<string, { operation: OperationName; api: ProviderMatch['api'] }>
> = {
  chat: { operation: 'chat', api: 'watsonx.chat' },
  generation: { operation: 'text_completion', api: 'watsonx.generation' },
  embeddings: { operation: 'embeddings', api: 'watsonx.embeddings' },
};

function matchWatsonx(method: string, url: URL): ProviderMatch | undefined {
  // A substring test first: every request to a host we do not know asks.
  if (method !== 'POST' || !url.pathname.includes('/ml/v1/')) return undefined;
  const found = PATH.exec(url.pathname);
  if (found === null) return undefined;
  const endpoint = found[2] ?? '';
  const stream = endpoint.endsWith('_stream');
  const kind =
    OPERATIONS[stream ? endpoint.slice(0, -'_stream'.length) : endpoint];
  if (kind === undefined) return undefined;
  const match: ProviderMatch = {
    provider: WATSONX,
    ...kind,
    confirmByBody: !isWatsonxHost(url.hostname),
  };
  const deployment = found[1];
  const withModel =
    deployment === undefined
      ? match
      : { ...match, model: decodeSegment(deployment) };
  return stream ? { ...withModel, streamFromUrl: true } : withModel;
}

export const watsonxProvider: ProviderModule = {
  match(method, url) {
    return matchWatsonx(method, url);
  },

  parseRequest(match, body, options) {
    return safeParseRequest(match, () => {
      switch (match.api) {
        case 'watsonx.chat': {
          const facts = parseChatRequest(match, body, options);
          if (facts !== undefined && match.streamFromUrl === true)
            facts.stream = true;
          return facts;
        }
        case 'watsonx.generation':
          return parseGenerationRequest(match, body, options);
        default:
          return parseWatsonxEmbeddingsRequest(match, body);
      }
    });
  },

  createResponseParser(match, request, response, options) {
    if (isErrorStatus(response)) return createErrorParser();
    switch (match.api) {
      case 'watsonx.chat':
        return sseOrBodyParser(
          response,
          request,
          () => new ChatStream(options),
          (body, cut) => chatBodyFacts(body, cut, options),
        );
      case 'watsonx.generation':
        return sseOrBodyParser(
          response,
          request,
          () => new GenerationStream(options),
          (body, cut) => generationBodyFacts(body, cut, options),
        );
      default:
        return createBodyParser(watsonxEmbeddingsFacts, 256 * 1024);
    }
  },
};
