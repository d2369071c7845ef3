// Anthropic token counting as Vertex AI serves it
// (`publishers/anthropic/models/count-tokens:rawPredict`): `{input_tokens}`,
// the same count a message would bill. Not a generation: no faults.
import type {
  MockRequest,
  MockResponse,
  ProviderHandler,
} from '../../types.js';
import { asRecord, jsonResponse } from '../http-helpers.js';

function handle(req: MockRequest): MockResponse {
  const body = asRecord(req.json);
  if (req.jsonError || !Array.isArray(body?.messages))
    return jsonResponse(400, {
      type: 'error',
      error: {
        type: 'invalid_request_error',
        message: 'messages: Field required',
      },
    });
  return jsonResponse(200, { input_tokens: req.plan.usage.inputTokens });
}

export const anthropicCountTokensHandler: ProviderHandler = {
  provider: 'anthropic',
  handle,
  fault: handle,
};
