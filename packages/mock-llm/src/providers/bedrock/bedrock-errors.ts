// Bedrock Runtime errors: JSON {"message"} with the type in x-amzn-errortype
// (`Name:namespace`, as the service sends it; the SDK keeps the part before ':').
import type { FaultKind, MockRequest, MockResponse } from '../../types.js';
import { jsonResponse } from '../http-helpers.js';
import { bedrockRequestId } from './bedrock-ids.js';

/** HTTP status per exception, from the SDK's error schemas. */
export const BEDROCK_ERROR_STATUS: Readonly<Record<string, number>> = {
  AccessDeniedException: 403,
  ConflictException: 400,
  InternalServerException: 500,
  ModelErrorException: 424,
  ModelNotReadyException: 429,
  ModelStreamErrorException: 424,
  ModelTimeoutException: 408,
  ResourceNotFoundException: 404,
  ServiceQuotaExceededException: 400,
  ServiceUnavailableException: 503,
  ThrottlingException: 429,
  ValidationException: 400,
};

export function bedrockError(
  req: MockRequest,
  type: string,
  message: string,
  extra: Record<string, string> = {},
): MockResponse {
  return jsonResponse(
    BEDROCK_ERROR_STATUS[type] ?? 400,
    { message },
    {
      'x-amzn-requestid': bedrockRequestId(req),
      'x-amzn-errortype': `${type}:http://internal.amazon.com/coral/com.amazon.bedrock/`,
      ...extra,
    },
  );
}

export function bedrockFault(
  req: MockRequest,
  kind: FaultKind,
  retryAfter: number | undefined,
): MockResponse {
  const after: Record<string, string> =
    retryAfter === undefined ? {} : { 'retry-after': String(retryAfter) };
  switch (kind) {
    case 'rate_limit':
      return bedrockError(
        req,
        'ThrottlingException',
        'Too many requests, please wait before trying again.',
        after,
      );
    case 'server_error':
      return bedrockError(
        req,
        'InternalServerException',
        'The system encountered an unexpected error during processing. Try your request again.',
      );
    case 'unavailable':
      return bedrockError(
        req,
        'ServiceUnavailableException',
        'Bedrock is unable to process your request.',
        after,
      );
    case 'overloaded':
      return bedrockError(
        req,
        'ServiceUnavailableException',
        'Model is getting throttled. Try your request again.',
        after,
      );
  }
}
