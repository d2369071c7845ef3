// POST /v1/embeddings: float or base64 (little-endian float32) vectors.
import type {
  MockRequest,
  MockResponse,
  ProviderHandler,
} from '../../types.js';
import {
  DEFAULT_EMBEDDING_DIMENSIONS,
  mockEmbedding,
} from '../../content/mock-embedding.js';
import { asRecord, jsonResponse } from '../http-helpers.js';
import { openaiFlavor } from './flavor.js';
import {
  openaiBadJson,
  openaiError,
  openaiFault,
  openaiMissing,
  openaiMissingModel,
  openaiRateLimitHeaders,
} from './openai-errors.js';

function inputCount(input: unknown): number {
  if (typeof input === 'string') return 1;
  if (!Array.isArray(input) || input.length === 0) return 0;
  // A single token array is one input; an array of strings or arrays is many.
  return typeof input[0] === 'number' ? 1 : input.length;
}

function handle(req: MockRequest): MockResponse {
  if (req.jsonError) return openaiBadJson();
  const body = asRecord(req.json);
  if (body === undefined) return openaiBadJson();
  if (req.model === undefined) return openaiMissingModel();
  const count = inputCount(body.input);
  if (count === 0) return openaiMissing('input');
  const format = body.encoding_format ?? 'float';
  if (format !== 'float' && format !== 'base64') {
    return openaiError(
      400,
      `Invalid value for 'encoding_format': '${String(format)}'. Supported values are: 'float' and 'base64'.`,
      'invalid_request_error',
      'invalid_value',
      'encoding_format',
    );
  }
  const dims =
    typeof body.dimensions === 'number' && body.dimensions > 0
      ? Math.floor(body.dimensions)
      : DEFAULT_EMBEDDING_DIMENSIONS;
  const data = [];
  for (let i = 0; i < count; i++) {
    const vector = mockEmbedding(i, dims, req.plan.seed);
    data.push({
      object: 'embedding',
      index: i,
      embedding:
        format === 'base64'
          ? Buffer.from(new Float32Array(vector).buffer).toString('base64')
          : vector,
    });
  }
  const tokens = req.plan.usage.inputTokens;
  // Mistral's answer has an id, and counts no completion tokens (its SDK
  // requires the id).
  const mistral = openaiFlavor(req) === 'mistral';
  return jsonResponse(
    200,
    {
      ...(mistral ? { id: `embd-${req.plan.id}` } : {}),
      object: 'list',
      data,
      model: req.model,
      usage: mistral
        ? { prompt_tokens: tokens, completion_tokens: 0, total_tokens: tokens }
        : { prompt_tokens: tokens, total_tokens: tokens },
    },
    { 'x-request-id': `req_${req.plan.id}`, ...openaiRateLimitHeaders(req) },
  );
}

export const openaiEmbeddingsHandler: ProviderHandler = {
  provider: 'openai',
  handle,
  fault: openaiFault,
};
