// AWS Bedrock Runtime: Converse, ConverseStream, InvokeModel and
// InvokeModelWithResponseStream (POST /model/{modelId}/{operation}).
// gen_ai.provider.name `aws.bedrock`; the model comes from the URL path,
// and so does the operation: InvokeModel of an embedding model is
// `embeddings` (invoke-embed-response.ts).

import { createBodyParser, isErrorStatus } from '../common/response-parsers.js';
import type { ProviderModule } from '../types.js';
import { createBedrockErrorParser } from './bedrock-error.js';
import { matchBedrock } from './bedrock-match.js';
import { readCountHeaders } from './bedrock-usage.js';
import { parseConverseRequest } from './converse-request.js';
import { ConverseStream, converseBodyFacts } from './converse-response.js';
import { createEventStreamParser } from './event-stream-parser.js';
import { parseInvokeRequest } from './invoke-request.js';
import { invokeEmbedFacts } from './invoke-embed-response.js';
import { InvokeStream, invokeBodyFacts } from './invoke-response.js';
import { urlFacts } from '../common/safe-parse-request.js';

function isEventStream(headers: Readonly<Record<string, string>>): boolean {
  return (headers['content-type'] ?? '').includes('vnd.amazon.eventstream');
}

export const bedrockProvider: ProviderModule = {
  match(method, url, headers, options) {
    return matchBedrock(method, url, headers, options);
  },

  parseRequest(match, body, options) {
    try {
      return match.api === 'bedrock.invoke'
        ? parseInvokeRequest(match, body, options)
        : parseConverseRequest(match, body, options);
    } catch {
      return urlFacts(match);
    }
  },

  createResponseParser(match, _request, response, options) {
    if (isErrorStatus(response)) return createBedrockErrorParser(response);
    const requestId = response.headers['x-amzn-requestid'];
    const stream =
      isEventStream(response.headers) ||
      (match.streamFromUrl === true &&
        response.headers['content-type'] === undefined);
    if (match.api === 'bedrock.converse') {
      return stream
        ? createEventStreamParser(new ConverseStream(requestId, options))
        : createBodyParser((body, cut) =>
            converseBodyFacts(body, cut, requestId, options),
          );
    }
    if (stream)
      return createEventStreamParser(new InvokeStream(requestId, options));
    const headerUsage = readCountHeaders(response.headers);
    if (match.operation === 'embeddings')
      return createBodyParser(
        (body, cut) => invokeEmbedFacts(body, cut, requestId, headerUsage),
        256 * 1024,
      );
    return createBodyParser(
      (body, cut) =>
        invokeBodyFacts(body, cut, response.headers, headerUsage, options),
      options.captureContent ? 4 * 1024 * 1024 : undefined,
    );
  },
};
