// The envelope of non-stream chat and generateText answers.
import type { MockHeaders, MockRequest, MockResponse } from '../../types.js';
import { jsonResponse } from '../http-helpers.js';
import { OCI_MODEL_VERSION } from './oci-ids.js';

/** `{modelId, modelVersion, [key]: value}`; modelId is the model as sent. */
export function ociResult(
  req: MockRequest,
  key: 'chatResponse' | 'inferenceResponse',
  value: Record<string, unknown>,
  headers: MockHeaders,
): MockResponse {
  return jsonResponse(
    200,
    { modelId: req.model, modelVersion: OCI_MODEL_VERSION, [key]: value },
    headers,
  );
}
