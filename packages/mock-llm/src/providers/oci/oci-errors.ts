// OCI error bodies are `{code, message}`; the SDK's OciError takes
// serviceCode from `code` and opcRequestId from the opc-request-id header.
// Codes as the OCI API error list names them.
import type {
  FaultKind,
  MockHeaders,
  MockRequest,
  MockResponse,
} from '../../types.js';
import { jsonResponse, sseFrame } from '../http-helpers.js';
import { ociRequestId } from './oci-ids.js';

export function ociError(
  req: MockRequest,
  status: number,
  code: string,
  message: string,
  headers: MockHeaders = {},
): MockResponse {
  return jsonResponse(
    status,
    { code, message },
    { 'opc-request-id': ociRequestId(req), ...headers },
  );
}

/** 400 for a body that is not a JSON object. */
export function ociBadJson(req: MockRequest): MockResponse {
  return ociError(
    req,
    400,
    'CannotParseRequest',
    'Incorrectly formatted request. Please refer to the documentation and try again.',
  );
}

/** 400 MissingParameter naming the field. */
export function ociMissing(req: MockRequest, field: string): MockResponse {
  return ociError(
    req,
    400,
    'MissingParameter',
    `Missing required parameter: ${field}`,
  );
}

/** 400 InvalidParameter naming the field and what it must be. */
export function ociInvalid(
  req: MockRequest,
  field: string,
  must: string,
): MockResponse {
  return ociError(req, 400, 'InvalidParameter', `${field} ${must}`);
}

export function ociFault(
  req: MockRequest,
  kind: FaultKind,
  retryAfter: number | undefined,
): MockResponse {
  const after: MockHeaders =
    retryAfter === undefined ? {} : { 'retry-after': String(retryAfter) };
  switch (kind) {
    case 'rate_limit':
      return ociError(
        req,
        429,
        'TooManyRequests',
        'Too many requests for the user',
        after,
      );
    case 'server_error':
      return ociError(
        req,
        500,
        'InternalServerError',
        'Internal server error',
        after,
      );
    case 'unavailable':
    case 'overloaded':
      return ociError(
        req,
        503,
        'ServiceUnavailable',
        'The service is currently unavailable. Please try again later.',
        after,
      );
  }
}

/** The in-stream failure: an event whose data is an error body. */
export function ociStreamError(): Buffer {
  return sseFrame({
    code: 'InternalServerError',
    message: 'Internal server error',
  });
}
