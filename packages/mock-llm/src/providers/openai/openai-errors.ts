// OpenAI error bodies and headers (also used by Azure, Groq and Mistral paths).
import type {
  FaultKind,
  MockHeaders,
  MockRequest,
  MockResponse,
} from '../../types.js';
import { jsonResponse } from '../http-helpers.js';

export function openaiError(
  status: number,
  message: string,
  type: string,
  code: string | null = null,
  param: string | null = null,
  headers: MockHeaders = {},
): MockResponse {
  return jsonResponse(
    status,
    { error: { message, type, param, code } },
    headers,
  );
}

export function openaiBadJson(): MockResponse {
  return openaiError(
    400,
    "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)",
    'invalid_request_error',
  );
}

export function openaiMissing(param: string): MockResponse {
  return openaiError(
    400,
    `Missing required parameter: '${param}'.`,
    'invalid_request_error',
    'missing_required_parameter',
    param,
  );
}

export function openaiMissingModel(): MockResponse {
  return openaiError(
    400,
    'you must provide a model parameter',
    'invalid_request_error',
  );
}

export function openaiFault(
  req: MockRequest,
  kind: FaultKind,
  retryAfter: number | undefined,
): MockResponse {
  const requestId = { 'x-request-id': `req_${req.plan.id}` };
  switch (kind) {
    case 'rate_limit':
      return openaiError(
        429,
        `Rate limit reached for ${req.model ?? 'model'} on requests per min (RPM): Limit 500, Used 500, Requested 1. Please try again in ${retryAfter ?? 1}s.`,
        'requests',
        'rate_limit_exceeded',
        null,
        {
          ...requestId,
          ...openaiRateLimitHeaders(req, 0),
          'retry-after': String(retryAfter ?? 1),
        },
      );
    case 'server_error':
      return openaiError(
        500,
        'The server had an error while processing your request. Sorry about that!',
        'server_error',
        null,
        null,
        requestId,
      );
    case 'unavailable':
    case 'overloaded':
      return openaiError(
        503,
        'The engine is currently overloaded, please try again later',
        'server_error',
        null,
        null,
        retryAfter === undefined
          ? requestId
          : { ...requestId, 'retry-after': String(retryAfter) },
      );
  }
}

/** x-ratelimit-* as OpenAI (and Groq, Azure) send them. */
export function openaiRateLimitHeaders(
  req: MockRequest,
  remainingRequests = 499,
): MockHeaders {
  const u = req.plan.usage;
  const used =
    u.inputTokens + u.cacheReadTokens + u.cacheWriteTokens + u.outputTokens;
  return {
    'x-ratelimit-limit-requests': '500',
    'x-ratelimit-limit-tokens': '30000',
    'x-ratelimit-remaining-requests': String(remainingRequests),
    'x-ratelimit-remaining-tokens': String(Math.max(0, 30000 - used)),
    'x-ratelimit-reset-requests': remainingRequests === 0 ? '120ms' : '120ms',
    'x-ratelimit-reset-tokens': '6ms',
  };
}

const SERVER_ERROR_MESSAGE =
  'The server had an error while processing your request. Sorry about that!';

/** Chat and completions streams: a data frame whose object has `error`. */
export function openaiStreamError(): Buffer {
  return Buffer.from(
    `data: ${JSON.stringify({ error: { message: SERVER_ERROR_MESSAGE, type: 'server_error', param: null, code: null } })}\n\n`,
  );
}

/** Responses streams: an `error` event. */
export function responsesStreamError(): Buffer {
  return Buffer.from(
    `event: error\ndata: ${JSON.stringify({ type: 'error', code: 'server_error', message: SERVER_ERROR_MESSAGE, param: null, sequence_number: 0 })}\n\n`,
  );
}
