// Gemini generateContent / streamGenerateContent (v1, v1beta, Vertex paths),
// plus embedContent / batchEmbedContents. The model comes from the URL.
import type {
  FaultKind,
  MockRequest,
  MockResponse,
  MockUsage,
  ProviderHandler,
} from '../../types.js';
import {
  DEFAULT_EMBEDDING_DIMENSIONS,
  mockEmbedding,
} from '../../content/mock-embedding.js';
import { toolArguments } from '../../content/tool-arguments.js';
import { asArray, asRecord, asString, jsonResponse } from '../http-helpers.js';

function geminiError(
  status: number,
  code: string,
  message: string,
  details?: unknown[],
): MockResponse {
  return jsonResponse(status, {
    error: {
      code: status,
      message,
      status: code,
      ...(details === undefined ? {} : { details }),
    },
  });
}

function fault(
  _req: MockRequest,
  kind: FaultKind,
  retryAfter: number | undefined,
): MockResponse {
  switch (kind) {
    case 'rate_limit':
      return geminiError(
        429,
        'RESOURCE_EXHAUSTED',
        'You exceeded your current quota, please check your plan and billing details.',
        [
          {
            '@type': 'type.googleapis.com/google.rpc.RetryInfo',
            retryDelay: `${Math.ceil(retryAfter ?? 1)}s`,
          },
        ],
      );
    case 'server_error':
      return geminiError(
        500,
        'INTERNAL',
        'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting',
      );
    case 'unavailable':
    case 'overloaded':
      return geminiError(
        503,
        'UNAVAILABLE',
        'The model is overloaded. Please try again later.',
      );
  }
}

/** promptTokenCount includes cached tokens; totalTokenCount = prompt + candidates + thoughts. */
export function geminiUsage(
  u: MockUsage,
  candidates: number,
  outputSoFar = u.outputTokens,
): Record<string, unknown> {
  const prompt = u.inputTokens + u.cacheReadTokens + u.cacheWriteTokens;
  const output = outputSoFar * candidates;
  const thoughts = u.reasoningTokens * candidates;
  const out: Record<string, unknown> = {
    promptTokenCount: prompt,
    candidatesTokenCount: output,
    totalTokenCount: prompt + output + thoughts,
  };
  if (u.cacheReadTokens > 0) out.cachedContentTokenCount = u.cacheReadTokens;
  if (thoughts > 0) out.thoughtsTokenCount = thoughts;
  out.promptTokensDetails = [{ modality: 'TEXT', tokenCount: prompt }];
  if (u.cacheReadTokens > 0)
    out.cacheTokensDetails = [
      { modality: 'TEXT', tokenCount: u.cacheReadTokens },
    ];
  return out;
}

interface FunctionCall {
  name: string;
  args: Record<string, unknown>;
}

function pickTool(
  req: MockRequest,
  body: Record<string, unknown>,
): FunctionCall | undefined {
  if (!req.plan.toolCalls) return undefined;
  const mode = asRecord(asRecord(body.toolConfig)?.functionCallingConfig)?.mode;
  if (mode === 'NONE') return undefined;
  const last = asRecord(asArray(body.contents).at(-1));
  if (
    asArray(last?.parts).some(p => asRecord(p)?.functionResponse !== undefined)
  )
    return undefined;
  for (const tool of asArray(body.tools)) {
    for (const raw of asArray(asRecord(tool)?.functionDeclarations)) {
      const decl = asRecord(raw);
      const name = asString(decl?.name);
      if (name === undefined) continue;
      return {
        name,
        args: toolArguments(decl?.parameters ?? decl?.parametersJsonSchema),
      };
    }
  }
  return undefined;
}

function embed(req: MockRequest, body: Record<string, unknown>): MockResponse {
  const batch = req.params.method === 'batchEmbedContents';
  const requests = batch ? asArray(body.requests) : [body];
  const embeddings = requests.map((r, i) => {
    const dims = asRecord(r)?.outputDimensionality;
    return {
      values: mockEmbedding(
        i,
        typeof dims === 'number' && dims > 0
          ? dims
          : DEFAULT_EMBEDDING_DIMENSIONS,
        req.plan.seed,
      ),
    };
  });
  return jsonResponse(
    200,
    batch ? { embeddings } : { embedding: embeddings[0] },
  );
}

function handle(req: MockRequest): MockResponse {
  if (req.jsonError) {
    return geminiError(
      400,
      'INVALID_ARGUMENT',
      'Invalid JSON payload received. Unexpected token.',
    );
  }
  const body = asRecord(req.json) ?? {};
  const method = req.params.method;
  if (method === 'embedContent' || method === 'batchEmbedContents')
    return embed(req, body);
  if (!Array.isArray(body.contents) || body.contents.length === 0) {
    return geminiError(
      400,
      'INVALID_ARGUMENT',
      '* GenerateContentRequest.contents: contents is not specified\n',
    );
  }
  const n = asRecord(body.generationConfig)?.candidateCount;
  const count = typeof n === 'number' && n > 0 ? Math.floor(n) : 1;
  const tool = pickTool(req, body);
  const model = req.model ?? '';
  const head = { modelVersion: model, responseId: req.plan.id };
  const candidates = (parts: unknown[], finish: boolean): unknown[] =>
    Array.from({ length: count }, (_, index) => ({
      content: { parts, role: 'model' },
      ...(finish ? { finishReason: 'STOP' } : {}),
      index,
    }));
  const u = req.plan.usage;
  if (method === 'generateContent') {
    const parts =
      tool === undefined ? [{ text: req.plan.text }] : [{ functionCall: tool }];
    return jsonResponse(200, {
      candidates: candidates(parts, true),
      usageMetadata: geminiUsage(u, count),
      ...head,
    });
  }
  // streamGenerateContent: usage on every chunk, cumulative, final on the last.
  const events: string[] = [];
  if (tool !== undefined) {
    events.push(
      JSON.stringify({
        candidates: candidates([{ functionCall: tool }], true),
        usageMetadata: geminiUsage(u, count),
        ...head,
      }),
    );
  } else {
    let sent = 0;
    const pieces = req.plan.pieces;
    pieces.forEach((text, i) => {
      sent += text.trim().split(' ').length;
      const last = i === pieces.length - 1;
      events.push(
        JSON.stringify({
          candidates: candidates([{ text }], last),
          usageMetadata: geminiUsage(u, count, sent),
          ...head,
        }),
      );
    });
  }
  if (req.query.get('alt') === 'sse') {
    return {
      status: 200,
      headers: { 'content-type': 'text/event-stream' },
      chunks: events.map(e => Buffer.from(`data: ${e}\r\n\r\n`)),
      firstTokenChunk: 0,
    };
  }
  const chunks = events.map((e, i) =>
    Buffer.from((i === 0 ? '[' : ',\r\n') + e),
  );
  chunks.push(Buffer.from(']'));
  return {
    status: 200,
    headers: { 'content-type': 'application/json; charset=UTF-8' },
    chunks,
    firstTokenChunk: 0,
  };
}

const STREAM_ERROR = JSON.stringify({
  error: {
    code: 500,
    message: 'An internal error has occurred.',
    status: 'INTERNAL',
  },
});

export const geminiHandler: ProviderHandler = {
  provider: 'gcp.gemini',
  handle,
  fault,
  // An error object as the next stream element (SSE frame or array item).
  streamError: req =>
    Buffer.from(
      req.query.get('alt') === 'sse'
        ? `data: ${STREAM_ERROR}\r\n\r\n`
        : `,\r\n${STREAM_ERROR}]`,
    ),
};
