// Cohere v1, what the cohere-ai SDK's CohereClient speaks: /v1/chat (JSON, or
// NDJSON `event_type` lines stream-start … stream-end whose `response` is the
// whole answer with `meta`), the legacy /v1/generate and /v1/embed. v1 chat
// carries its prompt in `message`, `preamble` and `chat_history[].message`,
// so input tokens are counted over those (see README).
import type {
  MockRequest,
  MockResponse,
  ProviderHandler,
} from '../../types.js';
import { countInputTokens } from '../../content/count-input-tokens.js';
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
} from '../http-helpers.js';
import { cohereError, fault, rateLimitHeaders } from './cohere.js';
import { pythonJsonType } from './python-json-type.js';

const API_VERSION = { version: '1' };

/** Words in message, preamble and chat_history[].message (at least 1). */
function chatInputTokens(body: Record<string, unknown>): number {
  const texts = [body.preamble, body.message];
  for (const m of asArray(body.chat_history)) texts.push(asRecord(m)?.message);
  return countInputTokens({
    content: texts.filter(t => typeof t === 'string'),
  });
}

function meta(
  req: MockRequest,
  input: number,
  outputPerGeneration: number,
  n = 1,
): Record<string, unknown> {
  const u = req.plan.usage;
  const output = outputPerGeneration * n;
  return {
    api_version: API_VERSION,
    billed_units: { input_tokens: input, output_tokens: output },
    tokens: {
      input_tokens: input + u.cacheReadTokens + u.cacheWriteTokens,
      output_tokens: output,
    },
    ...(u.cacheReadTokens > 0 ? { cached_tokens: u.cacheReadTokens } : {}),
  };
}

interface ToolCall {
  name: string;
  parameters: Record<string, unknown>;
}

function pickTool(
  req: MockRequest,
  body: Record<string, unknown>,
): ToolCall | undefined {
  if (!req.plan.toolCalls || asArray(body.tool_results).length > 0)
    return undefined;
  for (const raw of asArray(body.tools)) {
    const tool = asRecord(raw);
    const name = asString(tool?.name);
    if (name === undefined) continue;
    const properties: Record<string, unknown> = {};
    for (const [k, def] of Object.entries(
      asRecord(tool?.parameter_definitions) ?? {},
    ))
      properties[k] = { type: pythonJsonType(asRecord(def)?.type) };
    return { name, parameters: toolArguments({ properties }) };
  }
  return undefined;
}

const TOOL_PLAN = 'I will call the tool.';

function ndjson(
  lines: unknown[],
  headers: Record<string, string>,
): MockResponse {
  return {
    status: 200,
    headers: { 'content-type': 'application/stream+json', ...headers },
    chunks: lines.map(l => Buffer.from(`${JSON.stringify(l)}\n`)),
    firstTokenChunk: 1,
  };
}

function chat(req: MockRequest, body: Record<string, unknown>): MockResponse {
  const message = asString(body.message);
  if (message === undefined)
    return cohereError(req, 400, 'invalid request: message must be a string');
  const tool = pickTool(req, body);
  const u = req.plan.usage;
  const outputTokens = u.outputTokens + u.reasoningTokens;
  const text = tool === undefined ? req.plan.text : TOOL_PLAN;
  const generationId = `gen-${req.plan.id}`;
  const answer = {
    response_id: req.plan.id,
    text,
    generation_id: generationId,
    chat_history: [
      ...asArray(body.chat_history),
      { role: 'USER', message },
      {
        role: 'CHATBOT',
        message: text,
        ...(tool === undefined ? {} : { tool_calls: [tool] }),
      },
    ],
    finish_reason: 'COMPLETE',
    ...(tool === undefined ? {} : { tool_calls: [tool] }),
    meta: meta(req, chatInputTokens(body), outputTokens),
  };
  const headers = rateLimitHeaders();
  if (body.stream !== true) return jsonResponse(200, answer, headers);
  const lines: unknown[] = [
    {
      is_finished: false,
      event_type: 'stream-start',
      generation_id: generationId,
    },
  ];
  if (tool === undefined) {
    for (const piece of req.plan.pieces)
      lines.push({
        is_finished: false,
        event_type: 'text-generation',
        text: piece,
      });
  } else {
    lines.push(
      {
        is_finished: false,
        event_type: 'tool-calls-chunk',
        tool_call_delta: { text: TOOL_PLAN },
      },
      {
        is_finished: false,
        event_type: 'tool-calls-chunk',
        tool_call_delta: { index: 0, name: tool.name },
      },
    );
    for (const args of splitString(
      JSON.stringify(tool.parameters),
      req.plan.pieces.length,
    ))
      lines.push({
        is_finished: false,
        event_type: 'tool-calls-chunk',
        tool_call_delta: { index: 0, parameters: args },
      });
    lines.push({
      is_finished: false,
      event_type: 'tool-calls-generation',
      text: TOOL_PLAN,
      tool_calls: [tool],
    });
  }
  lines.push({
    is_finished: true,
    event_type: 'stream-end',
    response: answer,
    finish_reason: 'COMPLETE',
  });
  return ndjson(lines, headers);
}

function generate(
  req: MockRequest,
  body: Record<string, unknown>,
): MockResponse {
  const prompt = asString(body.prompt);
  if (prompt === undefined)
    return cohereError(req, 400, 'invalid request: prompt must be a string');
  const n =
    typeof body.num_generations === 'number'
      ? Math.max(1, Math.min(5, Math.floor(body.num_generations)))
      : 1;
  const generations = Array.from({ length: n }, (_, index) => ({
    id: `${req.plan.id}-${index}`,
    text: req.plan.text,
    index,
    finish_reason: 'COMPLETE',
  }));
  const headers = rateLimitHeaders();
  if (body.stream !== true)
    return jsonResponse(
      200,
      {
        id: req.plan.id,
        generations,
        prompt,
        meta: meta(
          req,
          req.plan.usage.inputTokens,
          req.plan.usage.outputTokens,
          n,
        ),
      },
      headers,
    );
  const lines: unknown[] = [];
  for (let index = 0; index < n; index++)
    for (const piece of req.plan.pieces)
      lines.push({
        text: piece,
        ...(n > 1 ? { index } : {}),
        is_finished: false,
        event_type: 'text-generation',
      });
  // The SDK's GenerateStreamEnd has no meta: no usage in a generate stream.
  lines.push({
    is_finished: true,
    event_type: 'stream-end',
    finish_reason: 'COMPLETE',
    response: { id: req.plan.id, prompt, generations },
  });
  return { ...ndjson(lines, headers), firstTokenChunk: 0 };
}

function embed(req: MockRequest, body: Record<string, unknown>): MockResponse {
  const texts = asArray(body.texts);
  if (texts.length === 0)
    return cohereError(req, 400, 'invalid request: texts must not be empty');
  const vectors = texts.map((_, i) =>
    mockEmbedding(i, DEFAULT_EMBEDDING_DIMENSIONS, req.plan.seed),
  );
  const types = asArray(body.embedding_types);
  const byType = types.length > 0;
  return jsonResponse(
    200,
    {
      id: req.plan.id,
      embeddings: byType ? { float: vectors } : vectors,
      texts,
      meta: {
        api_version: API_VERSION,
        billed_units: { input_tokens: req.plan.usage.inputTokens },
      },
      response_type: byType ? 'embeddings_by_type' : 'embeddings_floats',
    },
    rateLimitHeaders(),
  );
}

function handle(req: MockRequest): MockResponse {
  if (req.jsonError)
    return cohereError(req, 400, 'invalid request: invalid json body');
  const body = asRecord(req.json) ?? {};
  // v1 defaults the model when it is absent, so no 400 here.
  switch (req.params.api) {
    case 'generate':
      return generate(req, body);
    case 'embed':
      return embed(req, body);
    default:
      return chat(req, body);
  }
}

export const cohereV1Handler: ProviderHandler = {
  provider: 'cohere',
  handle,
  fault,
};
