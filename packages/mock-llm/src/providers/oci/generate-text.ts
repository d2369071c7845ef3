// OCI generateText, the legacy completion API: `inferenceRequest` with
// runtimeType COHERE or LLAMA and a `prompt`; `numGenerations` answers that
// many copies of the text. COHERE: `generatedTexts: [{id, text, likelihood,
// finishReason: COMPLETE}]`, `timeCreated`, `prompt`; LLAMA: `choices:
// [{index, text, finishReason: stop, logprobs}]`, `created`. No token counts
// (the API has none). Streams: `{index, text}` per piece, then `{index, text:
// "", finishReason}` per generation.
import type { MockHeaders, MockRequest, MockResponse } from '../../types.js';
import { asRecord, asString } from '../http-helpers.js';
import { ociInvalid, ociMissing } from './oci-errors.js';
import { ociTime, ociUuid } from './oci-ids.js';
import { ociResult } from './oci-result.js';
import { ociSse } from './oci-sse.js';

/** Every COHERE generation's likelihood. */
const LIKELIHOOD = -0.5;

export function generateText(
  req: MockRequest,
  body: Record<string, unknown>,
  headers: MockHeaders,
): MockResponse {
  const inference = asRecord(body.inferenceRequest);
  if (inference === undefined) return ociMissing(req, 'inferenceRequest');
  const runtime = inference.runtimeType;
  if (runtime !== 'COHERE' && runtime !== 'LLAMA')
    return ociInvalid(
      req,
      'inferenceRequest.runtimeType',
      'must be one of COHERE, LLAMA',
    );
  const prompt = asString(inference.prompt);
  if (prompt === undefined) return ociMissing(req, 'inferenceRequest.prompt');
  const n =
    typeof inference.numGenerations === 'number' && inference.numGenerations > 0
      ? Math.floor(inference.numGenerations)
      : 1;
  const finishReason = runtime === 'COHERE' ? 'COMPLETE' : 'stop';
  const text = req.plan.text;
  if (inference.isStream === true) {
    const events: Record<string, unknown>[] = [];
    for (let index = 0; index < n; index++)
      for (const piece of req.plan.pieces) events.push({ index, text: piece });
    for (let index = 0; index < n; index++)
      events.push({ index, text: '', finishReason });
    return ociSse(events, 0, false, headers);
  }
  const response =
    runtime === 'COHERE'
      ? {
          runtimeType: runtime,
          generatedTexts: Array.from({ length: n }, (_, i) => ({
            id: ociUuid(req, i),
            text,
            likelihood: LIKELIHOOD,
            finishReason,
          })),
          timeCreated: ociTime(req),
          prompt,
        }
      : {
          runtimeType: runtime,
          created: ociTime(req),
          choices: Array.from({ length: n }, (_, index) => ({
            index,
            text,
            finishReason,
            logprobs: {},
          })),
        };
  return ociResult(req, 'inferenceResponse', response, headers);
}
