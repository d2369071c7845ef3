// OCI Generative AI inference, as oci-generativeaiinference calls it:
// POST /20231130/actions/{chat | embedText | generateText}, the body
// `{compartmentId, servingMode, …}` with the model in servingMode. Every
// answer carries opc-request-id; errors are `{code, message}`.
import type {
  MockRequest,
  MockResponse,
  ProviderHandler,
} from '../../types.js';
import { asRecord, asString } from '../http-helpers.js';
import { cohereChat } from './chat-cohere.js';
import { cohereV2Chat } from './chat-cohere-v2.js';
import { genericChat } from './chat-generic.js';
import { embedText } from './embed-text.js';
import { generateText } from './generate-text.js';
import {
  ociBadJson,
  ociFault,
  ociInvalid,
  ociMissing,
  ociStreamError,
} from './oci-errors.js';
import { ociRequestId } from './oci-ids.js';

function handle(req: MockRequest): MockResponse {
  if (req.jsonError) return ociBadJson(req);
  const body = asRecord(req.json);
  if (body === undefined) return ociBadJson(req);
  if (asString(body.compartmentId) === undefined)
    return ociMissing(req, 'compartmentId');
  if (asRecord(body.servingMode) === undefined)
    return ociMissing(req, 'servingMode');
  if (req.model === undefined)
    return ociMissing(req, 'servingMode.modelId or servingMode.endpointId');
  const headers = { 'opc-request-id': ociRequestId(req) };
  if (req.params.action === 'embedText') return embedText(req, body, headers);
  if (req.params.action === 'generateText')
    return generateText(req, body, headers);
  const chat = asRecord(body.chatRequest);
  if (chat === undefined) return ociMissing(req, 'chatRequest');
  switch (chat.apiFormat) {
    case 'GENERIC':
      if (!Array.isArray(chat.messages))
        return ociInvalid(req, 'chatRequest.messages', 'must be an array');
      return genericChat(req, chat, headers);
    case 'COHERE':
      return cohereChat(req, chat, headers);
    case 'COHEREV2':
      return cohereV2Chat(req, chat, headers);
    default:
      return ociInvalid(
        req,
        'chatRequest.apiFormat',
        'must be one of GENERIC, COHERE, COHEREV2',
      );
  }
}

export const ociHandler: ProviderHandler = {
  provider: 'oci',
  handle,
  fault: ociFault,
  streamError: ociStreamError,
};
