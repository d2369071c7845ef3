// POST /v1/messages: Anthropic Messages, non-stream and the SSE sequence
// message_start, content_block_*, message_delta (cumulative usage), message_stop.
import type {
  FaultKind,
  MockHeaders,
  MockRequest,
  MockResponse,
  MockUsage,
  ProviderHandler,
} from '../../types.js';
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

function anthropicError(
  req: MockRequest,
  status: number,
  type: string,
  message: string,
  headers: MockHeaders = {},
): MockResponse {
  const requestId = `req_${req.plan.id}`;
  return jsonResponse(
    status,
    { type: 'error', error: { type, message }, request_id: requestId },
    { 'request-id': requestId, ...headers },
  );
}

function rateLimitHeaders(req: MockRequest, remaining = 49): MockHeaders {
  const u = req.plan.usage;
  const input = u.inputTokens + u.cacheReadTokens + u.cacheWriteTokens;
  const output = u.outputTokens + u.reasoningTokens;
  const reset = new Date((req.plan.created + 60) * 1000)
    .toISOString()
    .replace('.000Z', 'Z');
  return {
    'anthropic-ratelimit-requests-limit': '50',
    'anthropic-ratelimit-requests-remaining': String(remaining),
    'anthropic-ratelimit-requests-reset': reset,
    'anthropic-ratelimit-input-tokens-limit': '40000',
    'anthropic-ratelimit-input-tokens-remaining': String(
      Math.max(0, 40000 - input),
    ),
    'anthropic-ratelimit-input-tokens-reset': reset,
    'anthropic-ratelimit-output-tokens-limit': '8000',
    'anthropic-ratelimit-output-tokens-remaining': String(
      Math.max(0, 8000 - output),
    ),
    'anthropic-ratelimit-output-tokens-reset': reset,
    'anthropic-ratelimit-tokens-limit': '48000',
    'anthropic-ratelimit-tokens-remaining': String(
      Math.max(0, 48000 - input - output),
    ),
    'anthropic-ratelimit-tokens-reset': reset,
  };
}

function fault(
  req: MockRequest,
  kind: FaultKind,
  retryAfter: number | undefined,
): MockResponse {
  switch (kind) {
    case 'rate_limit':
      return anthropicError(
        req,
        429,
        'rate_limit_error',
        'This request would exceed the rate limit for your organization of 50 requests per minute. For details, refer to: https://docs.claude.com/en/api/rate-limits.',
        { ...rateLimitHeaders(req, 0), 'retry-after': String(retryAfter ?? 1) },
      );
    case 'server_error':
      return anthropicError(req, 500, 'api_error', 'Internal server error');
    case 'unavailable':
      return anthropicError(
        req,
        503,
        'api_error',
        'Service unavailable',
        retryAfter === undefined ? {} : { 'retry-after': String(retryAfter) },
      );
    case 'overloaded':
      return anthropicError(req, 529, 'overloaded_error', 'Overloaded');
  }
}

export function anthropicUsage(u: MockUsage): Record<string, unknown> {
  return {
    input_tokens: u.inputTokens,
    cache_creation_input_tokens: u.cacheWriteTokens,
    cache_read_input_tokens: u.cacheReadTokens,
    cache_creation: {
      ephemeral_5m_input_tokens: u.cacheWriteTokens,
      ephemeral_1h_input_tokens: 0,
    },
    output_tokens: u.outputTokens + u.reasoningTokens,
    service_tier: 'standard',
  };
}

interface ToolUse {
  name: string;
  input: Record<string, unknown>;
}

/** First tool (or the one tool_choice names) unless none/off or the last user turn carries a tool_result. */
function pickTool(
  req: MockRequest,
  body: Record<string, unknown>,
): ToolUse | undefined {
  if (!req.plan.toolCalls) return undefined;
  const choice = asRecord(body.tool_choice);
  if (choice?.type === 'none') return undefined;
  const last = asRecord(asArray(body.messages).at(-1));
  if (asArray(last?.content).some(b => asRecord(b)?.type === 'tool_result'))
    return undefined;
  const chosen = choice?.type === 'tool' ? asString(choice.name) : undefined;
  for (const raw of asArray(body.tools)) {
    const tool = asRecord(raw);
    const name = asString(tool?.name);
    if (name === undefined || tool?.input_schema === undefined) continue;
    if (chosen !== undefined && chosen !== name) continue;
    return { name, input: toolArguments(tool.input_schema) };
  }
  return undefined;
}

function handle(req: MockRequest): MockResponse {
  if (req.jsonError || asRecord(req.json) === undefined) {
    return anthropicError(
      req,
      400,
      'invalid_request_error',
      'There was an error parsing the body of your request: invalid JSON',
    );
  }
  const body = asRecord(req.json) as Record<string, unknown>;
  if (req.model === undefined)
    return anthropicError(
      req,
      400,
      'invalid_request_error',
      'model: Field required',
    );
  if (body.max_tokens === undefined) {
    return anthropicError(
      req,
      400,
      'invalid_request_error',
      'max_tokens: Field required',
    );
  }
  if (!Array.isArray(body.messages)) {
    return anthropicError(
      req,
      400,
      'invalid_request_error',
      'messages: Field required',
    );
  }
  const tool = pickTool(req, body);
  const id = req.plan.id;
  const toolId = `toolu_${id}`;
  const usage = anthropicUsage(req.plan.usage);
  const stopReason = tool === undefined ? 'end_turn' : 'tool_use';
  const headers = { 'request-id': `req_${id}`, ...rateLimitHeaders(req) };
  const message = {
    id: `msg_${id}`,
    type: 'message',
    role: 'assistant',
    model: req.model,
    content:
      tool === undefined
        ? [{ type: 'text', text: req.plan.text }]
        : [
            {
              type: 'tool_use',
              id: toolId,
              name: tool.name,
              input: tool.input,
            },
          ],
    stop_reason: stopReason,
    stop_sequence: null,
    usage,
  };
  if (body.stream !== true) return jsonResponse(200, message, headers);

  const frames: Buffer[] = [];
  const emit = (type: string, data: Record<string, unknown> = {}): void => {
    frames.push(sseFrame({ type, ...data }, type));
  };
  emit('message_start', {
    message: {
      ...message,
      content: [],
      stop_reason: null,
      usage: { ...usage, output_tokens: 1 },
    },
  });
  if (tool === undefined) {
    emit('content_block_start', {
      index: 0,
      content_block: { type: 'text', text: '' },
    });
  } else {
    emit('content_block_start', {
      index: 0,
      content_block: {
        type: 'tool_use',
        id: toolId,
        name: tool.name,
        input: {},
      },
    });
  }
  emit('ping');
  const first = frames.length;
  if (tool === undefined) {
    for (const text of req.plan.pieces) {
      emit('content_block_delta', {
        index: 0,
        delta: { type: 'text_delta', text },
      });
    }
  } else {
    const json = JSON.stringify(tool.input);
    for (const partial of ['', ...splitString(json, req.plan.pieces.length)]) {
      emit('content_block_delta', {
        index: 0,
        delta: { type: 'input_json_delta', partial_json: partial },
      });
    }
  }
  emit('content_block_stop', { index: 0 });
  emit('message_delta', {
    delta: { stop_reason: stopReason, stop_sequence: null },
    usage: {
      input_tokens: usage.input_tokens,
      cache_creation_input_tokens: usage.cache_creation_input_tokens,
      cache_read_input_tokens: usage.cache_read_input_tokens,
      output_tokens: usage.output_tokens,
    },
  });
  emit('message_stop');
  return sseResponse(frames, first, headers);
}

export const anthropicMessagesHandler: ProviderHandler = {
  provider: 'anthropic',
  handle,
  fault,
  // Anthropic reports overload mid-stream as an `error` event.
  streamError: () =>
    sseFrame(
      {
        type: 'error',
        error: { type: 'overloaded_error', message: 'Overloaded' },
      },
      'error',
    ),
};
