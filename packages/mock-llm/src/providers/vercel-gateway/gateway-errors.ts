// The AI Gateway's error JSON, as @ai-sdk/gateway's createGatewayErrorFromResponse
// parses it: {error: {message, type, param?, code?}, generationId?}. The type
// picks the SDK's error class: authentication_error, invalid_request_error,
// rate_limit_exceeded, model_not_found, internal_server_error,
// failed_dependency, forbidden (anything else: GatewayInternalServerError).
import type {
  FaultKind,
  MockHeaders,
  MockRequest,
  MockResponse,
} from '../../types.js';
import { jsonResponse } from '../http-helpers.js';

export function gatewayError(
  status: number,
  message: string,
  type: string,
  headers: MockHeaders = {},
): MockResponse {
  return jsonResponse(status, { error: { message, type } }, headers);
}

export function gatewayBadRequest(message: string): MockResponse {
  return gatewayError(400, message, 'invalid_request_error');
}

export function gatewayFault(
  _req: MockRequest,
  kind: FaultKind,
  retryAfter: number | undefined,
): MockResponse {
  const headers: MockHeaders = {};
  if (retryAfter !== undefined) headers['retry-after'] = String(retryAfter);
  switch (kind) {
    case 'rate_limit':
      return gatewayError(
        429,
        'Rate limit exceeded',
        'rate_limit_exceeded',
        headers,
      );
    case 'server_error':
      return gatewayError(
        500,
        'Internal server error',
        'internal_server_error',
        headers,
      );
    case 'unavailable':
    case 'overloaded':
      return gatewayError(
        503,
        'Service temporarily unavailable',
        'internal_server_error',
        headers,
      );
  }
}

/** The in-stream failure: a LanguageModelV3 `error` stream part. */
export const GATEWAY_STREAM_ERROR = {
  type: 'error',
  error: { message: 'Internal server error', type: 'internal_server_error' },
} as const;
