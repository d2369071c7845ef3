// Mistral's own error JSON (the native APIs; chat completions keeps the
// OpenAI shape in src/providers/openai): {object, message, type, param, code}.
import type {
  FaultKind,
  MockHeaders,
  MockRequest,
  MockResponse,
} from '../../types.js';
import { jsonResponse } from '../http-helpers.js';

export function mistralError(
  status: number,
  message: unknown,
  type: string,
  code: string | null = null,
  headers: MockHeaders = {},
): MockResponse {
  return jsonResponse(
    status,
    { object: 'error', message, type, param: null, code },
    headers,
  );
}

/** Request validation fails with 422 and a FastAPI-style detail list as the message. */
export function mistralMissing(field: string, input: unknown): MockResponse {
  return mistralError(
    422,
    {
      detail: [
        { type: 'missing', loc: ['body', field], msg: 'Field required', input },
      ],
    },
    'invalid_request_error',
  );
}

export function mistralBadJson(): MockResponse {
  return mistralError(
    400,
    'Invalid JSON in request body',
    'invalid_request_error',
  );
}

export function mistralFault(
  req: MockRequest,
  kind: FaultKind,
  retryAfter: number | undefined,
): MockResponse {
  const headers: MockHeaders = { 'mistral-correlation-id': req.plan.id };
  if (retryAfter !== undefined) headers['retry-after'] = String(retryAfter);
  switch (kind) {
    case 'rate_limit':
      return mistralError(
        429,
        'Rate limit exceeded',
        'rate_limited',
        '1300',
        headers,
      );
    case 'server_error':
      return mistralError(
        500,
        'Internal server error',
        'internal_server_error',
        null,
        headers,
      );
    case 'unavailable':
    case 'overloaded':
      return mistralError(
        503,
        'Service unavailable, please try again later',
        'service_unavailable',
        null,
        headers,
      );
  }
}
