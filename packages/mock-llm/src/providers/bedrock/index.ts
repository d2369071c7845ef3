// AWS Bedrock Runtime: POST /model/{modelId}/{converse | converse-stream |
// invoke | invoke-with-response-stream}. Streams use the binary
// application/vnd.amazon.eventstream framing (event-stream-encoder.ts).
import type {
  MockRequest,
  MockResponse,
  ProviderHandler,
} from '../../types.js';
import { asArray, asRecord } from '../http-helpers.js';
import { bedrockError, bedrockFault } from './bedrock-errors.js';
import { baseModelId, isEmbeddingModel } from './bedrock-ids.js';
import { converse, converseStream } from './converse.js';
import { exceptionFrame } from './event-stream-encoder.js';
import { invokeBodyOk, invokeModel, invokeModelStream } from './invoke.js';
import { invokeEmbedding, invokeEmbeddingStream } from './invoke-embed.js';

function handle(req: MockRequest): MockResponse {
  if (req.jsonError || asRecord(req.json) === undefined) {
    return bedrockError(
      req,
      'ValidationException',
      'Malformed input request, please reformat your input and try again.',
    );
  }
  switch (req.params.operation) {
    case 'converse':
    case 'converse-stream': {
      if (asArray(asRecord(req.json)?.messages).length === 0) {
        return bedrockError(
          req,
          'ValidationException',
          'A conversation must start with a user message. Try again with a conversation that starts with a user message.',
        );
      }
      return req.params.operation === 'converse'
        ? converse(req)
        : converseStream(req);
    }
    case 'invoke':
    case 'invoke-with-response-stream': {
      const modelId = baseModelId(req);
      if (isEmbeddingModel(modelId)) {
        return req.params.operation === 'invoke'
          ? invokeEmbedding(req, modelId)
          : invokeEmbeddingStream(req);
      }
      if (!invokeBodyOk(req)) {
        return bedrockError(
          req,
          'ValidationException',
          'Malformed input request: #: required key [messages] not found, please reformat your input and try again.',
        );
      }
      return req.params.operation === 'invoke'
        ? invokeModel(req)
        : invokeModelStream(req);
    }
    default:
      return bedrockError(req, 'ValidationException', 'Unknown operation.');
  }
}

export const bedrockHandler: ProviderHandler = {
  provider: 'aws.bedrock',
  handle,
  fault: bedrockFault,
  // Both stream operations end with a modeled exception message; the SDK
  // throws it from the stream as ModelStreamErrorException.
  streamError: () =>
    exceptionFrame(
      'modelStreamErrorException',
      'The model stream was interrupted. Try your request again.',
    ),
};
