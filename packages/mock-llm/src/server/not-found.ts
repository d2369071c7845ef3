// Unknown paths get the 404 of the provider whose API the path looks like.
import type { MockResponse } from '../types.js';
import { jsonResponse } from '../providers/http-helpers.js';

export function notFound(method: string, path: string): MockResponse {
  if (path.startsWith('/api/')) {
    return {
      status: 404,
      headers: { 'content-type': 'text/plain' },
      body: Buffer.from('404 page not found'),
    };
  }
  if (/^\/v1(beta|alpha)?\/models\//.test(path)) {
    return jsonResponse(404, {
      error: { code: 404, message: `Method not found.`, status: 'NOT_FOUND' },
    });
  }
  if (path.startsWith('/v2/')) {
    return jsonResponse(404, { id: 'mock-404', message: `404 page not found` });
  }
  if (path.startsWith('/model/')) {
    return jsonResponse(
      404,
      { message: 'UnknownOperationException' },
      {
        'x-amzn-errortype':
          'UnknownOperationException:http://internal.amazon.com/coral/com.amazon.coral.service/',
      },
    );
  }
  // OCI: /{API version}/… (summarizeText, rerankText, … are not served).
  if (/^\/\d{8}\//.test(path)) {
    return jsonResponse(404, {
      code: 'NotAuthorizedOrNotFound',
      message: 'Authorization failed or requested resource not found.',
    });
  }
  if (path === '/v1/messages' || path.startsWith('/v1/messages/')) {
    return jsonResponse(404, {
      type: 'error',
      error: { type: 'not_found_error', message: `Not Found` },
    });
  }
  return jsonResponse(404, {
    error: {
      message: `Invalid URL (${method} ${path})`,
      type: 'invalid_request_error',
      param: null,
      code: null,
    },
  });
}
