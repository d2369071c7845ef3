// Path -> provider handler. Captured groups become MockRequest.params.
import type { ProviderHandler } from '../types.js';
import { bedrockHandler } from '../providers/bedrock/index.js';
import { openaiChatHandler } from '../providers/openai/chat-completions.js';
import { openaiCompletionsHandler } from '../providers/openai/completions.js';
import { openaiEmbeddingsHandler } from '../providers/openai/embeddings.js';
import { openaiResponsesHandler } from '../providers/openai/responses.js';

export interface Route {
  readonly pattern: RegExp;
  readonly handler: ProviderHandler;
  /** Names for the capture groups, in order. */
  readonly names: readonly string[];
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
  {
    pattern:
      /^\/model\/([^/]+)\/(converse|converse-stream|invoke|invoke-with-response-stream)$/,
    handler: bedrockHandler,
    names: ['model', 'operation'],
  },
];

export interface RouteMatch {
  readonly handler: ProviderHandler;
  readonly params: Record<string, string>;
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
    return { handler: route.handler, params };
  }
  return undefined;
}
