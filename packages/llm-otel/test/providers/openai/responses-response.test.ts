import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { matchProvider } from '../../../src/providers/registry.js';
import {
  JSON_BODY,
  SSE,
  WITH_CONTENT,
  NO_CONTENT,
  fixture,
  parseAllSplits,
  responseParser,
} from '../parse-helpers.js';
import type { Exchange } from '../parse-helpers.js';

function exchange(method: string, url: string, stream = false): Exchange {
  const found = matchProvider(
    method,
    new URL(url),
    {},
    { openAICompatibleBaseUrls: [] },
  );
  assert.ok(found);
  return {
    ...found,
    request: stream ? { model: 'o4-mini', stream } : { model: 'o4-mini' },
  };
}

const RESPONSES = 'https://api.openai.com/v1/responses';
const ID = 'resp_68a1f3c2b9d48190a6e1c3f5d7b9e2a40c1f3e5d7b9a1c3e';
const USAGE = {
  inputTokens: 1356,
  outputTokens: 148,
  cacheReadInputTokens: 1152,
  reasoningOutputTokens: 64,
};
const OUTPUT = [
  {
    role: 'assistant',
    parts: [
      { type: 'reasoning', content: 'User wants the capital.' },
      { type: 'text', content: 'Paris.' },
    ],
    finish_reason: 'stop',
  },
];

void describe('OpenAI Responses API', () => {
  void it('reads a non-stream response with reasoning', () => {
    const got = parseAllSplits(
      responseParser(exchange('POST', RESPONSES), JSON_BODY, WITH_CONTENT),
      fixture('openai', 'openai-responses-reasoning.json'),
    );
    assert.deepStrictEqual(got, {
      chunks: 0,
      facts: {
        complete: true,
        responseId: ID,
        responseModel: 'o4-mini-2025-04-16',
        serviceTier: 'default',
        usage: USAGE,
        finishReasons: ['stop'],
        outputMessages: OUTPUT,
      },
    });
  });

  void it('reads the terminal event of a stream (no [DONE] in this API)', () => {
    const got = parseAllSplits(
      responseParser(exchange('POST', RESPONSES, true), SSE, WITH_CONTENT),
      fixture('openai', 'openai-responses-stream.sse'),
    );
    assert.deepStrictEqual(got, {
      chunks: 4,
      facts: {
        complete: true,
        responseId: ID,
        responseModel: 'o4-mini-2025-04-16',
        serviceTier: 'default',
        usage: USAGE,
        finishReasons: ['stop'],
        outputMessages: OUTPUT,
      },
    });
  });

  void it('reports a stream cut before response.completed as incomplete', () => {
    const whole = fixture('openai', 'openai-responses-stream.sse');
    const text = new TextDecoder().decode(whole);
    const cutAt = new TextEncoder().encode(
      text.slice(0, text.indexOf('event: response.completed')),
    ).length;
    const got = parseAllSplits(
      responseParser(exchange('POST', RESPONSES, true), SSE),
      whole.subarray(0, cutAt),
      true,
    );
    assert.deepStrictEqual(got, {
      chunks: 4,
      facts: {
        complete: false,
        responseId: ID,
        responseModel: 'o4-mini-2025-04-16',
        serviceTier: 'default',
        finishReasons: ['error'],
      },
    });
  });

  void it('reads the error code of response.failed', () => {
    const got = parseAllSplits(
      responseParser(exchange('POST', RESPONSES, true), SSE),
      fixture('openai', 'openai-responses-stream-failed.sse'),
    );
    assert.deepStrictEqual(got, {
      chunks: 0,
      facts: {
        complete: true,
        responseId: ID,
        responseModel: 'o4-mini-2025-04-16',
        serviceTier: 'default',
        finishReasons: ['error'],
        errorType: 'server_error',
      },
    });
  });

  void it('reads GET /responses/{id} as fetch_response with the incomplete reason', () => {
    const ex = exchange('GET', `https://api.openai.com/v1/responses/${ID}`);
    assert.deepStrictEqual(ex.match, {
      provider: 'openai',
      operation: 'fetch_response',
      api: 'openai.responses',
      confirmByBody: false,
    });
    assert.deepStrictEqual(
      ex.module.parseRequest(ex.match, undefined, NO_CONTENT),
      {},
    );
    const got = parseAllSplits(
      responseParser(ex, JSON_BODY),
      fixture('openai', 'openai-fetch-response-incomplete.json'),
    );
    assert.deepStrictEqual(got.facts, {
      complete: true,
      responseId: ID,
      responseModel: 'o4-mini-2025-04-16',
      serviceTier: 'default',
      usage: {
        inputTokens: 20,
        outputTokens: 16,
        cacheReadInputTokens: 0,
        reasoningOutputTokens: 16,
      },
      finishReasons: ['max_output_tokens'],
    });
  });
});
