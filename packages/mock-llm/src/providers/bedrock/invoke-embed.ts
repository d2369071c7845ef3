// InvokeModel for embedding models (an id containing "embed"). Amazon Titan
// Embeddings: `{inputText, dimensions?, normalize?, embeddingTypes?}` in,
// `{embedding, embeddingsByType (v2), inputTextTokenCount}` out. Cohere Embed:
// `{texts, input_type, truncate?, embedding_types?, output_dimension? (v4)}`
// in, `{id, texts, embeddings, response_type}` out: `embeddings_floats` (a
// plain list of vectors) unless `embedding_types` is set, then
// `embeddings_by_type`. Vectors come from mockEmbedding; the count headers
// carry the input tokens and 0 output tokens. Embedding models do not stream.
import type { MockRequest, MockResponse } from '../../types.js';
import {
  COHERE_EMBEDDING_TYPES,
  mockEmbedding,
  normalizeEmbedding,
  quantizeEmbedding,
} from '../../content/mock-embedding.js';
import { asRecord, jsonResponse } from '../http-helpers.js';
import { bedrockError } from './bedrock-errors.js';
import {
  bedrockRequestId,
  cohereEmbedId,
  isCohereModel,
  latencyMs,
} from './bedrock-ids.js';

const TITAN_V2_DIMENSIONS = [256, 512, 1024];
const TITAN_IMAGE_DIMENSIONS = [256, 384, 1024];
const TITAN_V2_TYPES = ['float', 'binary'];
/** Titan Text Embeddings v1 (and G1) vectors have a fixed length. */
const TITAN_V1_DIMENSIONS = 1536;
const COHERE_V3_DIMENSIONS = 1024;
const COHERE_V4_DIMENSIONS = [256, 512, 1024, 1536];
const COHERE_INPUT_TYPES = [
  'search_document',
  'search_query',
  'classification',
  'clustering',
  'image',
];
/** Texts (or images, or inputs) per call. */
const COHERE_MAX_INPUTS = 96;

/** The JSON schema validator's name for a value's type, as Bedrock words it. */
function jsonType(value: unknown): string {
  if (value === null) return 'Null';
  if (Array.isArray(value)) return 'JSONArray';
  if (typeof value === 'number')
    return Number.isInteger(value) ? 'Integer' : 'BigDecimal';
  if (typeof value === 'string') return 'String';
  if (typeof value === 'boolean') return 'Boolean';
  return 'JSONObject';
}

function malformed(req: MockRequest, detail: string): MockResponse {
  return bedrockError(
    req,
    'ValidationException',
    `Malformed input request: ${detail}, please reformat your input and try again.`,
  );
}

/** Token counts as headers; an embedding has no output tokens. */
function embedHeaders(req: MockRequest): Record<string, string> {
  return {
    'x-amzn-requestid': bedrockRequestId(req),
    'x-amzn-bedrock-invocation-latency': String(latencyMs(0)),
    'x-amzn-bedrock-input-token-count': String(req.plan.usage.inputTokens),
    'x-amzn-bedrock-output-token-count': '0',
  };
}

/** An enum-valued number: the default when absent, else one of `allowed`. */
function pickDimension(
  value: unknown,
  allowed: readonly number[],
  fallback: number,
): number | undefined {
  if (value === undefined) return fallback;
  return typeof value === 'number' && allowed.includes(value)
    ? value
    : undefined;
}

/**
 * A list of enum strings, deduplicated in order, or the schema error for its
 * first bad item (`at` is the JSON pointer of the list).
 */
function pickTypes(
  value: unknown,
  allowed: readonly string[],
  at: string,
): string[] | { error: string } {
  if (!Array.isArray(value))
    return {
      error: `${at}: expected type: JSONArray, found: ${jsonType(value)}`,
    };
  if (value.length === 0)
    return { error: `${at}: expected minimum item count: 1, found: 0` };
  const out: string[] = [];
  for (const [i, t] of value.entries()) {
    if (typeof t !== 'string' || !allowed.includes(t))
      return { error: `${at}/${i}: ${String(t)} is not a valid enum value` };
    if (!out.includes(t)) out.push(t);
  }
  return out;
}

function titanEmbedding(
  req: MockRequest,
  body: Record<string, unknown>,
  modelId: string,
): MockResponse {
  const id = modelId.toLowerCase();
  const image = id.includes('titan-embed-image');
  const v2 = id.includes('titan-embed-text-v2');
  const text = body.inputText;
  if (text === undefined) {
    if (!(image && typeof body.inputImage === 'string'))
      return malformed(req, '#: required key [inputText] not found');
  } else if (typeof text !== 'string') {
    return malformed(
      req,
      `#/inputText: expected type: String, found: ${jsonType(text)}`,
    );
  } else if (text === '') {
    return malformed(req, '#/inputText: expected minLength: 1, actual: 0');
  }

  let dims = TITAN_V1_DIMENSIONS;
  if (v2 || image) {
    const [value, allowed, at] = v2
      ? [body.dimensions, TITAN_V2_DIMENSIONS, '#/dimensions']
      : [
          asRecord(body.embeddingConfig)?.outputEmbeddingLength,
          TITAN_IMAGE_DIMENSIONS,
          '#/embeddingConfig/outputEmbeddingLength',
        ];
    const picked = pickDimension(value, allowed, 1024);
    if (picked === undefined)
      return malformed(
        req,
        `${at}: ${JSON.stringify(value)} is not a valid enum value`,
      );
    dims = picked;
  }
  const raw = mockEmbedding(0, dims, req.plan.seed);
  if (!v2) {
    return jsonResponse(
      200,
      { embedding: raw, inputTextTokenCount: req.plan.usage.inputTokens },
      embedHeaders(req),
    );
  }
  const types =
    body.embeddingTypes === undefined
      ? ['float']
      : pickTypes(body.embeddingTypes, TITAN_V2_TYPES, '#/embeddingTypes');
  if (!Array.isArray(types)) return malformed(req, types.error);
  const embedding = body.normalize === false ? raw : normalizeEmbedding(raw);
  const byType: Record<string, number[]> = {};
  for (const t of types)
    byType[t] = t === 'float' ? embedding : embedding.map(v => (v > 0 ? 1 : 0));
  return jsonResponse(
    200,
    {
      embedding,
      embeddingsByType: byType,
      inputTextTokenCount: req.plan.usage.inputTokens,
    },
    embedHeaders(req),
  );
}

function cohereEmbedding(
  req: MockRequest,
  body: Record<string, unknown>,
  modelId: string,
): MockResponse {
  const v4 = /embed-v4/i.test(modelId);
  // One vector per text; image-only (and v4 mixed `inputs`) calls count theirs.
  const key =
    body.texts !== undefined
      ? 'texts'
      : body.images !== undefined
        ? 'images'
        : v4 && body.inputs !== undefined
          ? 'inputs'
          : undefined;
  if (key === undefined)
    return malformed(req, '#: required key [texts] not found');
  const items = body[key];
  if (!Array.isArray(items))
    return malformed(
      req,
      `#/${key}: expected type: JSONArray, found: ${jsonType(items)}`,
    );
  if (items.length === 0)
    return malformed(req, `#/${key}: expected minimum item count: 1, found: 0`);
  if (items.length > COHERE_MAX_INPUTS)
    return malformed(
      req,
      `#/${key}: expected maximum item count: ${COHERE_MAX_INPUTS}, found: ${items.length}`,
    );
  if (key !== 'inputs') {
    const bad = items.findIndex(t => typeof t !== 'string');
    if (bad >= 0)
      return malformed(
        req,
        `#/${key}/${bad}: expected type: String, found: ${jsonType(items[bad])}`,
      );
  }
  if (body.input_type === undefined)
    return malformed(req, '#: required key [input_type] not found');
  if (
    typeof body.input_type !== 'string' ||
    !COHERE_INPUT_TYPES.includes(body.input_type)
  )
    return malformed(
      req,
      `#/input_type: ${String(body.input_type)} is not a valid enum value`,
    );
  const dims = v4
    ? pickDimension(body.output_dimension, COHERE_V4_DIMENSIONS, 1536)
    : COHERE_V3_DIMENSIONS;
  if (dims === undefined)
    return malformed(
      req,
      `#/output_dimension: ${JSON.stringify(body.output_dimension)} is not a valid enum value`,
    );
  const types =
    body.embedding_types === undefined
      ? undefined
      : pickTypes(
          body.embedding_types,
          COHERE_EMBEDDING_TYPES,
          '#/embedding_types',
        );
  if (types !== undefined && !Array.isArray(types))
    return malformed(req, types.error);

  const vectors = items.map((_, i) => mockEmbedding(i, dims, req.plan.seed));
  let embeddings: unknown = vectors;
  if (types !== undefined) {
    const byType: Record<string, number[][]> = {};
    for (const t of types)
      byType[t] = vectors.map(v => quantizeEmbedding(v, t));
    embeddings = byType;
  }
  return jsonResponse(
    200,
    {
      id: cohereEmbedId(req),
      texts: Array.isArray(body.texts) ? body.texts : [],
      embeddings,
      response_type:
        types === undefined ? 'embeddings_floats' : 'embeddings_by_type',
    },
    embedHeaders(req),
  );
}

/** InvokeModel with an embedding model id (without its `~scenario`). */
export function invokeEmbedding(
  req: MockRequest,
  modelId: string,
): MockResponse {
  const body = asRecord(req.json) ?? {};
  return isCohereModel(modelId)
    ? cohereEmbedding(req, body, modelId)
    : titanEmbedding(req, body, modelId);
}

/** InvokeModelWithResponseStream with an embedding model: Bedrock's 400. */
export function invokeEmbeddingStream(req: MockRequest): MockResponse {
  return bedrockError(
    req,
    'ValidationException',
    'The model is unsupported for streaming.',
  );
}
