// Path -> provider handler. Captured groups become MockRequest.params.
import type { ProviderHandler } from '../types.js';
import { anthropicMessagesHandler } from '../providers/anthropic/messages.js';
import { anthropicCountTokensHandler } from '../providers/anthropic/count-tokens.js';
import { geminiHandler } from '../providers/gemini/generate-content.js';
import { cohereHandler } from '../providers/cohere/cohere.js';
import { cohereV1Handler } from '../providers/cohere/cohere-v1.js';
import { ollamaHandler } from '../providers/ollama/ollama.js';
import { bedrockHandler } from '../providers/bedrock/index.js';
import { openaiChatHandler } from '../providers/openai/chat-completions.js';
import { openaiCompletionsHandler } from '../providers/openai/completions.js';
import { openaiEmbeddingsHandler } from '../providers/openai/embeddings.js';
import { openaiResponsesHandler } from '../providers/openai/responses.js';
import { mistralConversationsHandler } from '../providers/mistral/conversations.js';
import {
  gatewayEmbeddingHandler,
  gatewayLanguageModelHandler,
} from '../providers/vercel-gateway/gateway.js';
import { ociHandler } from '../providers/oci/oci-handler.js';
import { ociServingModel } from '../providers/oci/oci-serving-model.js';

export interface Route {
  readonly pattern: RegExp;
  readonly handler: ProviderHandler;
  /** Names for the capture groups, in order. */
  readonly names: readonly string[];
  /** Request headers that name the model, first present wins (after the URL). */
  readonly modelHeaders?: readonly string[];
  /** Where the body names the model, when not in a top-level `model`. */
  readonly modelInBody?: (json: unknown) => string | undefined;
}

const OPENAI_PREFIX = '(?:/v1|/openai/v1|/openai/deployments/([^/]+)|/openai)?';

export const ROUTES: readonly Route[] = [
  {
    pattern: new RegExp(`^${OPENAI_PREFIX}/chat/completions$`),
    handler: openaiChatHandler,
    names: ['deployment'],
  },
  {
    pattern: new RegExp(`^${OPENAI_PREFIX}/responses$`),
    handler: openaiResponsesHandler,
    names: ['deployment'],
  },
  {
    pattern: new RegExp(`^${OPENAI_PREFIX}/embeddings$`),
    handler: openaiEmbeddingsHandler,
    names: ['deployment'],
  },
  {
    pattern: new RegExp(`^${OPENAI_PREFIX}/completions$`),
    handler: openaiCompletionsHandler,
    names: ['deployment'],
  },
  // Mistral Conversations: start, append to {id}, or {id}/restart. Other
  // sub-paths (history, messages) are not served and fall through to 404.
  {
    pattern: /^\/v1\/conversations(?:\/([^/]+)(?:\/(restart))?)?$/,
    handler: mistralConversationsHandler,
    names: ['conversation_id', 'action'],
  },
  {
    pattern: /^\/v1\/messages$/,
    handler: anthropicMessagesHandler,
    names: [],
  },
  // Anthropic on Vertex AI: the model is in the URL, the body has no model.
  {
    pattern:
      /^\/(?:v1|v1beta1)\/projects\/[^/]+\/locations\/[^/]+\/publishers\/anthropic\/models\/count-tokens:rawPredict$/,
    handler: anthropicCountTokensHandler,
    names: [],
  },
  {
    pattern:
      /^\/(?:v1|v1beta1)\/projects\/[^/]+\/locations\/[^/]+\/publishers\/anthropic\/models\/([^/:]+):(rawPredict|streamRawPredict)$/,
    handler: anthropicMessagesHandler,
    names: ['model', 'method'],
  },
  {
    pattern:
      /^\/(?:v1|v1beta|v1alpha|v1beta1)\/(?:projects\/[^/]+\/locations\/[^/]+\/publishers\/google\/|publishers\/google\/)?models\/([^/:]+):(generateContent|streamGenerateContent|embedContent|batchEmbedContents)$/,
    handler: geminiHandler,
    names: ['model', 'method'],
  },
  {
    pattern: /^\/api\/(chat|generate|embed|embeddings)$/,
    handler: ollamaHandler,
    names: ['api'],
  },
  {
    pattern: /^\/v2\/(chat|embed)$/,
    handler: cohereHandler,
    names: ['api'],
  },
  {
    pattern: /^\/v1\/(chat|generate|embed)$/,
    handler: cohereV1Handler,
    names: ['api'],
  },
  {
    pattern:
      /^\/model\/([^/]+)\/(converse|converse-stream|invoke|invoke-with-response-stream)$/,
    handler: bedrockHandler,
    names: ['model', 'operation'],
  },
  // Vercel AI Gateway (@ai-sdk/gateway): the model is in a header, the body
  // is the LanguageModelV3 call options (or `{values}` for embeddings).
  {
    pattern: /^\/v\d+\/ai\/language-model$/,
    handler: gatewayLanguageModelHandler,
    names: [],
    modelHeaders: ['ai-language-model-id'],
  },
  {
    pattern: /^\/v\d+\/ai\/embedding-model$/,
    handler: gatewayEmbeddingHandler,
    names: [],
    modelHeaders: ['ai-model-id', 'ai-embedding-model-id'],
  },
  // OCI Generative AI inference: /{API version}/actions/{action}, the model
  // in the body's servingMode (modelId, or endpointId for DEDICATED).
  {
    pattern: /^\/(\d{8})\/actions\/(chat|embedText|generateText)$/,
    handler: ociHandler,
    names: ['version', 'action'],
    modelInBody: ociServingModel,
  },
];

export interface RouteMatch {
  readonly handler: ProviderHandler;
  readonly params: Record<string, string>;
  readonly modelHeaders?: readonly string[];
  readonly modelInBody?: (json: unknown) => string | undefined;
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export function matchRoute(path: string): RouteMatch | undefined {
  for (const route of ROUTES) {
    const m = route.pattern.exec(path);
    if (m === null) continue;
    const params: Record<string, string> = {};
    route.names.forEach((name, i) => {
      const value = m[i + 1];
      if (value !== undefined) params[name] = decode(value);
    });
    return {
      handler: route.handler,
      params,
      ...(route.modelHeaders === undefined
        ? {}
        : { modelHeaders: route.modelHeaders }),
      ...(route.modelInBody === undefined
        ? {}
        : { modelInBody: route.modelInBody }),
    };
  }
  return undefined;
}
