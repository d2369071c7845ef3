// Ollama native API: /api/chat and /api/generate (NDJSON stream, the server
// default, or one JSON object with stream:false), /api/embed and the legacy
// /api/embeddings (one `prompt`, one `embedding`, no counts).
import type {
  FaultKind,
  MockRequest,
  MockResponse,
  ProviderHandler,
} from '../../types.js';
import {
  DEFAULT_EMBEDDING_DIMENSIONS,
  mockEmbedding,
} from '../../content/mock-embedding.js';
import { toolArguments } from '../../content/tool-arguments.js';
import { asArray, asRecord, asString, jsonResponse } from '../http-helpers.js';

function ollamaError(status: number, error: string): MockResponse {
  return jsonResponse(status, { error });
}

function fault(
  _req: MockRequest,
  kind: FaultKind,
  retryAfter: number | undefined,
): MockResponse {
  switch (kind) {
    case 'rate_limit':
      return jsonResponse(
        429,
        {
          error:
            'you have reached your hourly usage limit, please upgrade or wait',
        },
        { 'retry-after': String(retryAfter ?? 1) },
      );
    case 'server_error':
      return ollamaError(
        500,
        'an unknown error was encountered while running the model',
      );
    case 'unavailable':
    case 'overloaded':
      return ollamaError(
        503,
        'server busy, please try again.  maximum pending requests exceeded',
      );
  }
}

/** Durations in ns: load 1 ms, prompt eval 1 ms per token, eval 10 ms per token. */
function counts(req: MockRequest): Record<string, number> {
  const u = req.plan.usage;
  const prompt = u.inputTokens + u.cacheReadTokens + u.cacheWriteTokens;
  const output = u.outputTokens + u.reasoningTokens;
  const load = 1_000_000;
  const promptDuration = prompt * 1_000_000;
  const evalDuration = output * 10_000_000;
  return {
    total_duration: load + promptDuration + evalDuration,
    load_duration: load,
    prompt_eval_count: prompt,
    prompt_eval_duration: promptDuration,
    eval_count: output,
    eval_duration: evalDuration,
  };
}

function pickTool(
  req: MockRequest,
  body: Record<string, unknown>,
): Record<string, unknown> | undefined {
  if (!req.plan.toolCalls) return undefined;
  if (asRecord(asArray(body.messages).at(-1))?.role === 'tool')
    return undefined;
  for (const raw of asArray(body.tools)) {
    const fn = asRecord(asRecord(raw)?.function);
    const name = asString(fn?.name);
    if (name === undefined) continue;
    return { function: { name, arguments: toolArguments(fn?.parameters) } };
  }
  return undefined;
}

function ndjson(lines: unknown[]): MockResponse {
  return {
    status: 200,
    headers: { 'content-type': 'application/x-ndjson' },
    chunks: lines.map(l => Buffer.from(JSON.stringify(l) + '\n')),
    firstTokenChunk: 0,
  };
}

function handle(req: MockRequest): MockResponse {
  if (req.jsonError)
    return ollamaError(400, 'invalid character in request body');
  const body = asRecord(req.json) ?? {};
  if (req.model === undefined || req.model === '')
    return ollamaError(400, 'model is required');
  const api = req.params.api;
  const head = {
    model: req.model,
    created_at: new Date(req.plan.created * 1000).toISOString(),
  };

  if (api === 'embeddings')
    return jsonResponse(200, {
      embedding: mockEmbedding(0, DEFAULT_EMBEDDING_DIMENSIONS, req.plan.seed),
    });

  if (api === 'embed') {
    const input = body.input;
    const n = typeof input === 'string' ? 1 : asArray(input).length;
    const embeddings = Array.from({ length: n }, (_, i) =>
      mockEmbedding(i, DEFAULT_EMBEDDING_DIMENSIONS, req.plan.seed),
    );
    const c = counts(req);
    return jsonResponse(200, {
      model: req.model,
      embeddings,
      total_duration: c.total_duration,
      load_duration: c.load_duration,
      prompt_eval_count: c.prompt_eval_count,
    });
  }

  const stream = body.stream !== false;
  const tool = api === 'chat' ? pickTool(req, body) : undefined;
  const done = { done: true, done_reason: 'stop', ...counts(req) };
  if (api === 'chat') {
    const message = (content: string, extra: Record<string, unknown> = {}) => ({
      role: 'assistant',
      content,
      ...extra,
    });
    if (!stream) {
      const msg =
        tool === undefined
          ? message(req.plan.text)
          : message('', { tool_calls: [tool] });
      return jsonResponse(200, { ...head, message: msg, ...done });
    }
    const lines: unknown[] =
      tool === undefined
        ? req.plan.pieces.map(p => ({
            ...head,
            message: message(p),
            done: false,
          }))
        : [
            {
              ...head,
              message: message('', { tool_calls: [tool] }),
              done: false,
            },
          ];
    lines.push({ ...head, message: message(''), ...done });
    return ndjson(lines);
  }
  // generate
  if (!stream)
    return jsonResponse(200, {
      ...head,
      response: req.plan.text,
      ...done,
      context: [1, 2, 3],
    });
  const lines: unknown[] = req.plan.pieces.map(p => ({
    ...head,
    response: p,
    done: false,
  }));
  lines.push({ ...head, response: '', ...done, context: [1, 2, 3] });
  return ndjson(lines);
}

export const ollamaHandler: ProviderHandler = {
  provider: 'ollama',
  handle,
  fault,
  streamError: () =>
    Buffer.from(
      JSON.stringify({
        error: 'an error was encountered while running the model',
      }) + '\n',
    ),
};
