// Cohere v2: /v2/chat (JSON, or SSE with typed events ending in message-end
// and [DONE]) and /v2/embed. Usage carries billed_units and tokens.
import type {
  FaultKind,
  MockHeaders,
  MockRequest,
  MockResponse,
  ProviderHandler,
} from '../../types.js';
import {
  DEFAULT_EMBEDDING_DIMENSIONS,
  mockEmbedding,
} from '../../content/mock-embedding.js';
import { toolArguments } from '../../content/tool-arguments.js';
import {
  asArray,
  asRecord,
  asString,
  jsonResponse,
  splitString,
  sseFrame,
  sseResponse,
} from '../http-helpers.js';

export function cohereError(
  req: MockRequest,
  status: number,
  message: string,
  headers: MockHeaders = {},
): MockResponse {
  return jsonResponse(status, { id: req.plan.id, message }, headers);
}

export function fault(
  req: MockRequest,
  kind: FaultKind,
  retryAfter: number | undefined,
): MockResponse {
  switch (kind) {
    case 'rate_limit':
      return cohereError(
        req,
        429,
        "You are using a Trial key, which is limited to 20 API calls / minute. You can continue to use the Trial key for free or upgrade to a Production key with higher rate limits at 'https://dashboard.cohere.com/api-keys'. Contact us on 'https://discord.gg/XW44jPfYJu' or email us at support@cohere.com with any questions",
        { 'retry-after': String(retryAfter ?? 1) },
      );
    case 'server_error':
      return cohereError(
        req,
        500,
        'internal server error, this has been reported to our developers',
      );
    case 'unavailable':
    case 'overloaded':
      return cohereError(
        req,
        503,
        'service unavailable, please try again later',
      );
  }
}

export function rateLimitHeaders(): MockHeaders {
  return {
    'x-endpoint-monthly-call-limit': '1000',
    'x-trial-endpoint-call-limit': '20',
    'x-trial-endpoint-call-remaining': '19',
  };
}

function usage(req: MockRequest): Record<string, unknown> {
  const u = req.plan.usage;
  const output = u.outputTokens + u.reasoningTokens;
  return {
    billed_units: { input_tokens: u.inputTokens, output_tokens: output },
    tokens: {
      input_tokens: u.inputTokens + u.cacheReadTokens + u.cacheWriteTokens,
      output_tokens: output,
    },
    cached_tokens: u.cacheReadTokens,
  };
}

interface ToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

function pickTool(
  req: MockRequest,
  body: Record<string, unknown>,
): ToolCall | undefined {
  if (!req.plan.toolCalls || body.tool_choice === 'NONE') return undefined;
  if (asRecord(asArray(body.messages).at(-1))?.role === 'tool')
    return undefined;
  for (const raw of asArray(body.tools)) {
    const fn = asRecord(asRecord(raw)?.function);
    const name = asString(fn?.name);
    if (name === undefined) continue;
    return {
      id: `${name}_${req.plan.id.slice(0, 8)}`,
      type: 'function',
      function: {
        name,
        arguments: JSON.stringify(toolArguments(fn?.parameters)),
      },
    };
  }
  return undefined;
}

const TOOL_PLAN = 'I will call the tool.';

function chat(req: MockRequest, body: Record<string, unknown>): MockResponse {
  if (!Array.isArray(body.messages))
    return cohereError(req, 400, 'invalid request: messages must not be empty');
  const tool = pickTool(req, body);
  const finish = tool === undefined ? 'COMPLETE' : 'TOOL_CALL';
  const headers = rateLimitHeaders();
  if (body.stream !== true) {
    const message =
      tool === undefined
        ? {
            role: 'assistant',
            content: [{ type: 'text', text: req.plan.text }],
          }
        : { role: 'assistant', tool_plan: TOOL_PLAN, tool_calls: [tool] };
    return jsonResponse(
      200,
      { id: req.plan.id, message, finish_reason: finish, usage: usage(req) },
      headers,
    );
  }
  const frames: Buffer[] = [];
  const emit = (type: string, data: Record<string, unknown>): void => {
    frames.push(sseFrame({ type, ...data }, type));
  };
  emit('message-start', {
    id: req.plan.id,
    delta: {
      message: {
        role: 'assistant',
        content: [],
        tool_plan: '',
        tool_calls: [],
        citations: [],
      },
    },
  });
  const first = frames.length;
  if (tool === undefined) {
    emit('content-start', {
      index: 0,
      delta: { message: { content: { type: 'text', text: '' } } },
    });
    for (const text of req.plan.pieces) {
      emit('content-delta', {
        index: 0,
        delta: { message: { content: { text } } },
      });
    }
    emit('content-end', { index: 0 });
  } else {
    emit('tool-plan-delta', { delta: { message: { tool_plan: TOOL_PLAN } } });
    emit('tool-call-start', {
      index: 0,
      delta: {
        message: {
          tool_calls: {
            ...tool,
            function: { name: tool.function.name, arguments: '' },
          },
        },
      },
    });
    for (const args of splitString(
      tool.function.arguments,
      req.plan.pieces.length,
    )) {
      emit('tool-call-delta', {
        index: 0,
        delta: { message: { tool_calls: { function: { arguments: args } } } },
      });
    }
    emit('tool-call-end', { index: 0 });
  }
  emit('message-end', { delta: { finish_reason: finish, usage: usage(req) } });
  frames.push(sseFrame('[DONE]'));
  return sseResponse(frames, first, headers);
}

function embed(req: MockRequest, body: Record<string, unknown>): MockResponse {
  const texts = asArray(body.texts ?? body.inputs);
  if (texts.length === 0)
    return cohereError(req, 400, 'invalid request: texts must not be empty');
  const dims =
    typeof body.output_dimension === 'number'
      ? body.output_dimension
      : DEFAULT_EMBEDDING_DIMENSIONS;
  const vectors = texts.map((_, i) => mockEmbedding(i, dims, req.plan.seed));
  const types = asArray(body.embedding_types);
  const embeddings: Record<string, unknown> = {};
  for (const t of types.length === 0 ? ['float'] : types) {
    if (t === 'float') embeddings.float = vectors;
  }
  return jsonResponse(
    200,
    {
      id: req.plan.id,
      embeddings,
      texts: body.texts ?? [],
      meta: {
        api_version: { version: '2' },
        billed_units: { input_tokens: req.plan.usage.inputTokens },
        cached_tokens: req.plan.usage.cacheReadTokens,
      },
      response_type: 'embeddings_by_type',
    },
    rateLimitHeaders(),
  );
}

function handle(req: MockRequest): MockResponse {
  if (req.jsonError)
    return cohereError(req, 400, 'invalid request: invalid json body');
  const body = asRecord(req.json) ?? {};
  if (req.model === undefined)
    return cohereError(req, 400, 'invalid request: model must be specified');
  return req.params.api === 'embed' ? embed(req, body) : chat(req, body);
}

export const cohereHandler: ProviderHandler = {
  provider: 'cohere',
  handle,
  fault,
};
