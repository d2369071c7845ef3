// OCI embedText: `{inputs, servingMode, outputDimensions?, isEcho?, …}` in;
// `{id, embeddings: [[…]], modelId, modelVersion, usage}` out, one vector per
// input (`outputDimensions` or 8 values), promptTokens = totalTokens = the
// words of the inputs; `inputs` echoed when isEcho.
import type { MockHeaders, MockRequest, MockResponse } from '../../types.js';
import {
  DEFAULT_EMBEDDING_DIMENSIONS,
  mockEmbedding,
} from '../../content/mock-embedding.js';
import { asArray, jsonResponse } from '../http-helpers.js';
import { ociInvalid } from './oci-errors.js';
import { OCI_MODEL_VERSION, ociUuid } from './oci-ids.js';

export function embedText(
  req: MockRequest,
  body: Record<string, unknown>,
  headers: MockHeaders,
): MockResponse {
  const inputs = asArray(body.inputs);
  if (inputs.length === 0 || inputs.some(i => typeof i !== 'string'))
    return ociInvalid(req, 'inputs', 'must be a non-empty array of strings');
  const dims =
    typeof body.outputDimensions === 'number' && body.outputDimensions > 0
      ? Math.floor(body.outputDimensions)
      : DEFAULT_EMBEDDING_DIMENSIONS;
  const tokens = req.plan.usage.inputTokens;
  return jsonResponse(
    200,
    {
      id: ociUuid(req),
      ...(body.isEcho === true ? { inputs } : {}),
      embeddings: inputs.map((_, i) => mockEmbedding(i, dims, req.plan.seed)),
      modelId: req.model,
      modelVersion: OCI_MODEL_VERSION,
      usage: { promptTokens: tokens, totalTokens: tokens },
    },
    headers,
  );
}
