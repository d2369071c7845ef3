// Vercel AI Gateway, as @ai-sdk/gateway (v3, ai v6) calls it:
//   POST /v{N}/ai/language-model  headers ai-language-model-id (model),
//     ai-language-model-streaming (true|false); the body is the
//     LanguageModelV3 call options (prompt, tools, toolChoice, ...). The answer
//     is a LanguageModelV3 generate result as JSON, or SSE `data:` frames, one
//     LanguageModelV3StreamPart each.
//   POST /v{N}/ai/embedding-model  header ai-model-id; body {values}; answer
//     {embeddings, usage: {tokens}, providerMetadata}.
import type {
  MockRequest,
  MockResponse,
  MockUsage,
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
  sseFrame,
  sseResponse,
} from '../http-helpers.js';
import type { PickedTool } from '../openai/pick-tool.js';
import {
  GATEWAY_STREAM_ERROR,
  gatewayBadRequest,
  gatewayFault,
} from './gateway-errors.js';

/** LanguageModelV3Usage: input total includes cache reads and writes. */
export function gatewayUsage(u: MockUsage): {
  inputTokens: {
    total: number;
    noCache: number;
    cacheRead: number;
    cacheWrite: number;
  };
  outputTokens: { total: number; text: number; reasoning: number };
} {
  return {
    inputTokens: {
      total: u.inputTokens + u.cacheReadTokens + u.cacheWriteTokens,
      noCache: u.inputTokens,
      cacheRead: u.cacheReadTokens,
      cacheWrite: u.cacheWriteTokens,
    },
    outputTokens: {
      total: u.outputTokens + u.reasoningTokens,
      text: u.outputTokens,
      reasoning: u.reasoningTokens,
    },
  };
}

/** USD as a decimal string: $1 per million input and $4 per million output tokens. */
export function gatewayCost(u: MockUsage): string {
  const usage = gatewayUsage(u);
  const micro = usage.inputTokens.total + 4 * usage.outputTokens.total;
  return (micro / 1_000_000).toFixed(6);
}

/** providerMetadata.gateway: routing for `creator/model`, cost and generation id. */
function gatewayMetadata(
  req: MockRequest,
  model: string,
  cost: string,
): Record<string, unknown> {
  const base = model.split('~')[0] ?? model;
  const slash = base.indexOf('/');
  const provider = slash < 0 ? 'mock' : base.slice(0, slash);
  const providerModel = slash < 0 ? base : base.slice(slash + 1);
  return {
    gateway: {
      routing: {
        originalModelId: model,
        resolvedProvider: provider,
        resolvedProviderApiModelId: providerModel,
        fallbacksAvailable: [],
        finalProvider: provider,
        modelAttemptCount: 1,
      },
      cost,
      generationId: `gen_${req.plan.id}`,
    },
  };
}

/**
 * The first function tool (or the one toolChoice `{type: "tool"}` names),
 * unless toolChoice is none, the scenario says tools=off, or the prompt ends
 * with a `tool` message, in which case the model answers in text.
 */
function pickGatewayTool(
  req: MockRequest,
  body: Record<string, unknown>,
): PickedTool | undefined {
  if (!req.plan.toolCalls) return undefined;
  const choice = asRecord(body.toolChoice);
  if (choice?.type === 'none') return undefined;
  if (asRecord(asArray(body.prompt).at(-1))?.role === 'tool') return undefined;
  const chosen =
    choice?.type === 'tool' ? asString(choice.toolName) : undefined;
  for (const raw of asArray(body.tools)) {
    const tool = asRecord(raw);
    if (tool?.type !== 'function') continue;
    const name = asString(tool.name);
    if (name === undefined || (chosen !== undefined && name !== chosen))
      continue;
    return {
      name,
      arguments: JSON.stringify(toolArguments(tool.inputSchema)),
    };
  }
  return undefined;
}

function handleLanguageModel(req: MockRequest): MockResponse {
  if (req.jsonError) return gatewayBadRequest('Invalid JSON in request body');
  const body = asRecord(req.json);
  if (body === undefined)
    return gatewayBadRequest('Invalid JSON in request body');
  const model = req.model;
  if (model === undefined)
    return gatewayBadRequest('Missing ai-language-model-id header');
  if (!Array.isArray(body.prompt))
    return gatewayBadRequest('Invalid request: prompt must be an array');
  const tool = pickGatewayTool(req, body);
  const timestamp = new Date(req.plan.created * 1000).toISOString();
  const finishReason =
    tool === undefined
      ? { unified: 'stop', raw: 'stop' }
      : { unified: 'tool-calls', raw: 'tool_calls' };
  const usage = gatewayUsage(req.plan.usage);
  const providerMetadata = gatewayMetadata(
    req,
    model,
    gatewayCost(req.plan.usage),
  );
  const id = `gen_${req.plan.id}`;
  const callId = `call_${req.plan.id}`;
  if (req.headers['ai-language-model-streaming'] !== 'true') {
    return jsonResponse(200, {
      content:
        tool === undefined
          ? [{ type: 'text', text: req.plan.text }]
          : [
              {
                type: 'tool-call',
                toolCallId: callId,
                toolName: tool.name,
                input: tool.arguments,
              },
            ],
      finishReason,
      usage,
      providerMetadata,
      response: { id, modelId: model, timestamp },
      warnings: [],
    });
  }
  const frames: Buffer[] = [
    sseFrame({ type: 'stream-start', warnings: [] }),
    sseFrame({ type: 'response-metadata', id, modelId: model, timestamp }),
  ];
  const firstTokenChunk = frames.length;
  if (tool === undefined) {
    frames.push(sseFrame({ type: 'text-start', id: '0' }));
    for (const piece of req.plan.pieces)
      frames.push(sseFrame({ type: 'text-delta', id: '0', delta: piece }));
    frames.push(sseFrame({ type: 'text-end', id: '0' }));
  } else {
    frames.push(
      sseFrame({ type: 'tool-input-start', id: callId, toolName: tool.name }),
    );
    for (const piece of splitString(tool.arguments, req.plan.pieces.length))
      frames.push(
        sseFrame({ type: 'tool-input-delta', id: callId, delta: piece }),
      );
    frames.push(sseFrame({ type: 'tool-input-end', id: callId }));
    frames.push(
      sseFrame({
        type: 'tool-call',
        toolCallId: callId,
        toolName: tool.name,
        input: tool.arguments,
      }),
    );
  }
  frames.push(
    sseFrame({ type: 'finish', finishReason, usage, providerMetadata }),
  );
  return sseResponse(frames, firstTokenChunk);
}

/** `dimensions` or `outputDimensionality` from any providerOptions entry. */
function embeddingDimensions(body: Record<string, unknown>): number {
  const options = asRecord(body.providerOptions) ?? {};
  for (const raw of Object.values(options)) {
    const entry = asRecord(raw);
    const d = entry?.dimensions ?? entry?.outputDimensionality;
    if (typeof d === 'number' && d > 0) return Math.floor(d);
  }
  return DEFAULT_EMBEDDING_DIMENSIONS;
}

function handleEmbedding(req: MockRequest): MockResponse {
  if (req.jsonError) return gatewayBadRequest('Invalid JSON in request body');
  const body = asRecord(req.json);
  if (body === undefined)
    return gatewayBadRequest('Invalid JSON in request body');
  const model = req.model;
  if (model === undefined)
    return gatewayBadRequest('Missing ai-model-id header');
  const values = asArray(body.values);
  if (values.length === 0 || values.some(v => typeof v !== 'string'))
    return gatewayBadRequest(
      'Invalid request: values must be a non-empty array of strings',
    );
  const dims = embeddingDimensions(body);
  // `values` is not one of the counted keys, so count its words here.
  const tokens = countInputTokens({ input: values });
  return jsonResponse(200, {
    embeddings: values.map((_, i) => mockEmbedding(i, dims, req.plan.seed)),
    usage: { tokens },
    providerMetadata: gatewayMetadata(
      req,
      model,
      (tokens / 1_000_000).toFixed(6),
    ),
  });
}

export const gatewayLanguageModelHandler: ProviderHandler = {
  provider: 'vercel-gateway',
  handle: handleLanguageModel,
  fault: gatewayFault,
  streamError: () => sseFrame(GATEWAY_STREAM_ERROR),
};

export const gatewayEmbeddingHandler: ProviderHandler = {
  provider: 'vercel-gateway',
  handle: handleEmbedding,
  fault: gatewayFault,
};
