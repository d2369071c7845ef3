import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cappedJson } from '../../src/telemetry/capped-json.js';
import { normaliseFeature } from '../../src/telemetry/feature.js';
import { retryAttempt } from '../../src/telemetry/retry-attempt.js';
import { serverAddress } from '../../src/telemetry/server-address.js';

void describe('normaliseFeature', () => {
  const cases: [string, string][] = [
    ['Dreamer/deduction', 'dreamer_deduction'],
    ['  Summarize -- PDF!! ', 'summarize_pdf'],
    ['a__b', 'a_b'],
    ['', 'unattributed'],
    ['///', 'unattributed'],
    ['x'.repeat(80), 'x'.repeat(64)],
    [`${'a'.repeat(63)}/b`, 'a'.repeat(63)],
  ];
  for (const [input, label] of cases)
    void it(JSON.stringify(input), () =>
      assert.equal(normaliseFeature(input), label),
    );
});

void describe('retryAttempt', () => {
  void it('reads Stainless and AWS headers as 0-based attempts', () => {
    assert.deepEqual(
      [
        retryAttempt({ 'x-stainless-retry-count': '0' }),
        retryAttempt({ 'x-stainless-retry-count': '2' }),
        retryAttempt({ 'amz-sdk-request': 'attempt=1; max=3' }),
        retryAttempt({ 'amz-sdk-request': 'ttl=1; attempt=3; max=3' }),
        retryAttempt({ 'x-stainless-retry-count': 'x' }),
        retryAttempt({}),
      ],
      [0, 2, 0, 2, undefined, undefined],
    );
  });
});

void describe('serverAddress', () => {
  void it('takes host and port only, with scheme defaults', () => {
    assert.deepEqual(
      [
        serverAddress(new URL('https://api.openai.com/v1/x?key=secret')),
        serverAddress(new URL('http://user:pw@localhost/v1')),
        serverAddress(new URL('http://[::1]:8080/v1')),
      ],
      [
        { address: 'api.openai.com', port: 443 },
        { address: 'localhost', port: 80 },
        { address: '::1', port: 8080 },
      ],
    );
  });
});

void describe('cappedJson', () => {
  const messages = [
    { role: 'user', parts: [{ type: 'text', content: 'a'.repeat(1000) }] },
    { role: 'user', parts: [{ type: 'text', content: 'b'.repeat(10) }] },
  ];
  void it('returns the whole JSON when it fits', () => {
    assert.equal(cappedJson(messages, 10_000), JSON.stringify(messages));
  });
  void it('shortens long strings and stays valid JSON within the cap', () => {
    const json = cappedJson(messages, 200)!;
    assert.ok(json.length <= 200);
    const parsed = JSON.parse(json) as typeof messages;
    assert.equal(parsed[1]!.parts[0]!.content, 'b'.repeat(10));
    assert.ok(parsed[0]!.parts[0]!.content.endsWith('…'));
  });
  void it('keeps role, part type and other shape strings whole, shortening content only', () => {
    const input = [
      {
        role: 'user',
        parts: [{ type: 'text', content: 'Say hello to the world '.repeat(5) }],
      },
    ];
    assert.equal(
      cappedJson(input, 100),
      '[{"role":"user","parts":[{"type":"text","content":"Say hello to the world Say hello to the wor…"}]}]',
    );
    assert.equal(
      cappedJson(
        [
          { role: 'user', parts: [{ type: 'text', content: 'x'.repeat(50) }] },
          {
            role: 'assistant',
            parts: [
              {
                type: 'tool_call',
                id: 'call_1',
                name: 'lookup',
                arguments: '{}',
              },
            ],
          },
        ],
        100,
      ),
      '[{"role":"assistant","parts":[{"type":"tool_call","id":"call_1","name":"lookup","arguments":"{}"}]}]',
    );
  });
  void it('drops the oldest entries when strings alone cannot fit', () => {
    const many = Array.from({ length: 50 }, (_, i) => ({ role: 'user', i }));
    const json = cappedJson(many, 100)!;
    assert.ok(json.length <= 100);
    const parsed = JSON.parse(json) as { i: number }[];
    assert.equal(parsed.at(-1)!.i, 49);
  });
});
