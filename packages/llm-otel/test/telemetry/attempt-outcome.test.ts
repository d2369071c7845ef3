import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyAttempt } from '../../src/telemetry/attempt-outcome.js';

const refused = new TypeError('fetch failed', {
  cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }),
});

/** What undici's retry interceptor fails a call with once it gives up on an answer. */
function retryGaveUp(statusCode: number): Error {
  return Object.assign(new Error('Request failed'), {
    name: 'RequestRetryError',
    code: 'UND_ERR_REQ_RETRY',
    statusCode,
  });
}

void describe('classifyAttempt', () => {
  const cases: [string, Parameters<typeof classifyAttempt>[0], unknown][] = [
    ['2xx', { status: 200 }, { outcome: 'success', isError: false }],
    [
      '429 with code',
      { status: 429, bodyErrorType: 'rate_limit_exceeded' },
      {
        outcome: 'rate_limited',
        errorType: 'rate_limit_exceeded',
        isError: true,
      },
    ],
    [
      '429 body canceled unread by the SDK',
      { status: 429, fail: { reason: 'abort' } },
      { outcome: 'rate_limited', errorType: '429', isError: true },
    ],
    [
      '408',
      { status: 408 },
      { outcome: 'timeout', errorType: '408', isError: true },
    ],
    [
      '529 overloaded',
      { status: 529, bodyErrorType: 'overloaded_error' },
      { outcome: 'server_error', errorType: 'overloaded_error', isError: true },
    ],
    [
      '404',
      { status: 404 },
      { outcome: 'client_error', errorType: '404', isError: true },
    ],
    [
      '2xx body that is not its JSON (an HTML page, a garbled event)',
      { status: 200, malformed: true },
      {
        outcome: 'server_error',
        errorType: 'malformed_response',
        isError: true,
      },
    ],
    [
      'malformed, but an error code in the stream says more',
      { status: 200, malformed: true, bodyErrorType: 'rate_limit_exceeded' },
      {
        outcome: 'rate_limited',
        errorType: 'rate_limit_exceeded',
        isError: true,
      },
    ],
    [
      'malformed, then aborted: how SDKs give up on such a stream',
      { status: 200, malformed: true, fail: { reason: 'abort' } },
      {
        outcome: 'server_error',
        errorType: 'malformed_response',
        isError: true,
      },
    ],
    [
      'a stream that ended in good order before its terminal event',
      { status: 200, cutShort: true },
      {
        outcome: 'server_error',
        errorType: 'malformed_response',
        isError: true,
      },
    ],
    [
      'a stream the app stopped reading before its end: canceled',
      { status: 200, cutShort: true, fail: { reason: 'abort' } },
      { outcome: 'canceled', isError: false },
    ],
    [
      'malformed, then the connection cut: the cut ended the call',
      {
        status: 200,
        malformed: true,
        fail: { reason: 'network', error: refused },
      },
      { outcome: 'network_error', errorType: 'ECONNREFUSED', isError: true },
    ],
    [
      'malformed error body: the status decides',
      { status: 502, malformed: true },
      { outcome: 'server_error', errorType: '502', isError: true },
    ],
    [
      'abort mid-stream',
      { status: 200, fail: { reason: 'abort' } },
      { outcome: 'canceled', isError: false },
    ],
    [
      'abort after the terminal event (an SDK releasing a finished stream)',
      { status: 200, fail: { reason: 'abort' }, responseComplete: true },
      { outcome: 'success', isError: false },
    ],
    [
      'abort before the terminal event',
      { status: 200, fail: { reason: 'abort' }, responseComplete: false },
      { outcome: 'canceled', isError: false },
    ],
    [
      'network error after the terminal event',
      {
        status: 200,
        fail: { reason: 'network', error: refused },
        responseComplete: true,
      },
      { outcome: 'network_error', errorType: 'ECONNREFUSED', isError: true },
    ],
    [
      'client timeout',
      { fail: { reason: 'timeout' } },
      { outcome: 'timeout', errorType: 'timeout', isError: true },
    ],
    [
      'connection refused',
      { fail: { reason: 'network', error: refused } },
      { outcome: 'network_error', errorType: 'ECONNREFUSED', isError: true },
    ],
    [
      'an HTTP/2 stream cancelled by its session: the session error, not the wrapper',
      {
        fail: {
          reason: 'network',
          error: Object.assign(
            new Error('The pending stream has been canceled'),
            {
              code: 'ERR_HTTP2_STREAM_CANCEL',
              cause: Object.assign(new Error('getaddrinfo'), {
                code: 'ENOTFOUND',
              }),
            },
          ),
        },
      },
      { outcome: 'network_error', errorType: 'ENOTFOUND', isError: true },
    ],
    [
      'a wrapper whose cause has no code keeps its own',
      {
        fail: {
          reason: 'network',
          error: Object.assign(new Error('stream reset'), {
            code: 'ERR_HTTP2_STREAM_ERROR',
            cause: new Error('no code'),
          }),
        },
      },
      {
        outcome: 'network_error',
        errorType: 'ERR_HTTP2_STREAM_ERROR',
        isError: true,
      },
    ],
    [
      "a 429 undici's retry interceptor gave up on (fetch wraps its error)",
      {
        fail: {
          reason: 'network',
          error: new TypeError('fetch failed', { cause: retryGaveUp(429) }),
        },
      },
      { outcome: 'rate_limited', errorType: '429', isError: true },
    ],
    [
      "a 503 undici's retry interceptor gave up on",
      { fail: { reason: 'network', error: retryGaveUp(503) } },
      { outcome: 'server_error', errorType: '503', isError: true },
    ],
    [
      "undici's retry interceptor failing without an error status: its code",
      { fail: { reason: 'network', error: retryGaveUp(0) } },
      {
        outcome: 'network_error',
        errorType: 'UND_ERR_REQ_RETRY',
        isError: true,
      },
    ],
    [
      'cut stream without a code',
      {
        status: 200,
        fail: { reason: 'network', error: new Error('terminated') },
      },
      { outcome: 'network_error', errorType: '_OTHER', isError: true },
    ],
    [
      'error event inside a 2xx stream',
      { status: 200, bodyErrorType: 'overloaded_error' },
      { outcome: 'server_error', errorType: 'overloaded_error', isError: true },
    ],
    [
      'rate limit event inside a 2xx stream',
      { status: 200, bodyErrorType: 'RESOURCE_EXHAUSTED' },
      {
        outcome: 'rate_limited',
        errorType: 'RESOURCE_EXHAUSTED',
        isError: true,
      },
    ],
    [
      'a request too long for the model, inside a 2xx answer',
      { status: 200, bodyErrorType: 'context_length_exceeded' },
      {
        outcome: 'client_error',
        errorType: 'context_length_exceeded',
        isError: true,
      },
    ],
    [
      'a request too large, inside a 2xx stream',
      { status: 200, bodyErrorType: 'request_too_large' },
      {
        outcome: 'client_error',
        errorType: 'request_too_large',
        isError: true,
      },
    ],
    [
      'high-cardinality code is replaced',
      { status: 400, bodyErrorType: 'bad value for user 12345 at 10:00' },
      { outcome: 'client_error', errorType: '_OTHER', isError: true },
    ],
  ];
  for (const [name, end, expected] of cases)
    void it(name, () => assert.deepEqual(classifyAttempt(end), expected));
});
