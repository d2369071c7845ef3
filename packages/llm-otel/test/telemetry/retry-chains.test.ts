import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  MAX_REMEMBERED_FAILURES,
  RETRY_WINDOW_MS,
  RetryChains,
  requestFingerprint,
} from '../../src/telemetry/retry-chains.js';

const URL_A = new URL('https://api.openai.com/v1/chat/completions');
/** One scope (a trace id) for the tests where it does not matter. */
const S = 'trace-1';

void describe('requestFingerprint', () => {
  void it('is the same for the same method, URL and body, as string or bytes', () => {
    const body = '{"model":"gpt-4o","messages":[]}';
    assert.equal(
      requestFingerprint('POST', URL_A, body),
      requestFingerprint('POST', URL_A, new TextEncoder().encode(body)),
    );
  });

  void it('differs when the method, URL, query or body differ', () => {
    const keys = [
      requestFingerprint('POST', URL_A, '{"a":1}'),
      requestFingerprint('POST', URL_A, '{"a":2}'),
      requestFingerprint('PUT', URL_A, '{"a":1}'),
      requestFingerprint(
        'POST',
        new URL('https://api.openai.com/v1/x'),
        '{"a":1}',
      ),
      requestFingerprint('POST', new URL(`${URL_A.href}?key=1`), '{"a":1}'),
      requestFingerprint('POST', URL_A, undefined),
    ];
    assert.equal(new Set(keys).size, keys.length);
  });

  void it('keeps no part of the request: a fixed-size digest', () => {
    const key = requestFingerprint(
      'POST',
      new URL('https://x.example/v1?key=SECRET'),
      'SECRET',
    );
    assert.match(key, /^[A-Za-z0-9+/]{43}=$/);
  });
});

void describe('RetryChains', () => {
  void it('numbers a retry of a failure, and a retry of that retry', () => {
    const chains = new RetryChains();
    assert.equal(chains.remembering, false);
    chains.failed('k', S, 0, 100);
    assert.equal(chains.remembering, true);
    assert.equal(chains.follow('k', S, 150), 1);
    assert.equal(chains.remembering, false);
    chains.failed('k', S, 1, 200);
    assert.equal(chains.follow('k', S, 250), 2);
  });

  void it('follows a failure once: a later identical request is not a retry', () => {
    const chains = new RetryChains();
    chains.failed('k', S, 0, 100);
    assert.deepEqual(
      [chains.follow('k', S, 150), chains.follow('k', S, 160)],
      [1, undefined],
    );
  });

  void it('does not take a request started before the failure for its retry', () => {
    const chains = new RetryChains();
    chains.failed('k', S, 0, 100);
    assert.equal(chains.follow('k', S, 99), undefined);
    assert.equal(chains.follow('k', S, 100), 1);
  });

  void it('does not take a different request for a retry', () => {
    const chains = new RetryChains();
    chains.failed('k', S, 0, 100);
    assert.equal(chains.follow('other', S, 150), undefined);
    assert.equal(chains.follow('k', S, 150), 1);
  });

  void it('does not take the same request in another scope for a retry', () => {
    const chains = new RetryChains();
    const context = {};
    chains.failed('k', context, 0, 100);
    assert.equal(chains.follow('k', {}, 150), undefined);
    assert.equal(chains.follow('k', 'trace-2', 150), undefined);
    assert.equal(chains.follow('k', context, 150), 1);
  });

  void it('pairs concurrent identical failures with their retries, oldest first', () => {
    const chains = new RetryChains();
    chains.failed('k', S, 0, 110);
    chains.failed('k', S, 2, 100);
    assert.deepEqual(
      [
        chains.follow('k', S, 120),
        chains.follow('k', S, 120),
        chains.follow('k', S, 120),
      ],
      [3, 1, undefined],
    );
  });

  void it(`forgets failures older than ${RETRY_WINDOW_MS} ms`, () => {
    const chains = new RetryChains();
    chains.failed('k', S, 0, 100);
    assert.equal(chains.follow('k', S, 100 + RETRY_WINDOW_MS + 1), undefined);
    assert.equal(chains.remembering, false);
    chains.failed('k', S, 0, 100);
    assert.equal(chains.follow('k', S, 100 + RETRY_WINDOW_MS), 1);
  });

  void it(`remembers at most ${MAX_REMEMBERED_FAILURES} failures, dropping the oldest`, () => {
    const chains = new RetryChains();
    for (let i = 0; i <= MAX_REMEMBERED_FAILURES; i++)
      chains.failed(`k${i}`, S, 0, 100 + i);
    assert.equal(chains.follow('k0', S, 10_000), undefined);
    assert.equal(chains.follow('k1', S, 10_000), 1);
    assert.equal(chains.follow(`k${MAX_REMEMBERED_FAILURES}`, S, 10_000), 1);
  });
});
