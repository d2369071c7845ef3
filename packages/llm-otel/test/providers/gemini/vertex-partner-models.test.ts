// Partner models on Vertex AI: Anthropic (publishers/anthropic, Anthropic
// wire format), Mistral (publishers/mistralai, OpenAI chat format) and the
// OpenAI-compatible endpoints/openapi. Provider stays gcp.vertex_ai.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { matchProvider } from '../../../src/providers/registry.js';
import type {
  ProviderMatch,
  RequestFacts,
} from '../../../src/providers/types.js';
import {
  JSON_BODY,
  NO_CONTENT,
  SSE,
  WITH_CONTENT,
  fixture,
  meta,
  parseAllSplits,
  responseParser,
} from '../parse-helpers.js';
import type { Exchange } from '../parse-helpers.js';

const REGIONAL = 'https://us-east5-aiplatform.googleapis.com/v1';
const PROJECT = 'projects/my-proj/locations/us-east5';

function found(url: string): ProviderMatch | undefined {
  return matchProvider(
    'POST',
    new URL(url),
    {},
    { openAICompatibleBaseUrls: [] },
  )?.match;
}

function exchange(url: string, request: RequestFacts = {}): Exchange {
  const m = matchProvider(
    'POST',
    new URL(url),
    {},
    { openAICompatibleBaseUrls: [] },
  );
  assert.ok(m, url);
  return { ...m, request };
}

void describe('Vertex AI partner model routing', () => {
  const cases: [string, ProviderMatch | undefined][] = [
    [
      `${REGIONAL}/${PROJECT}/publishers/anthropic/models/claude-sonnet-4-5@20250929:rawPredict`,
      {
        provider: 'gcp.vertex_ai',
        model: 'claude-sonnet-4-5@20250929',
        confirmByBody: false,
        operation: 'chat',
        api: 'anthropic.messages',
      },
    ],
    [
      // The Vertex SDK path-encodes the model segment.
      'https://aiplatform.googleapis.com/v1/projects/my-proj/locations/global/publishers/anthropic/models/claude-opus-4-1%4020250805:streamRawPredict',
      {
        provider: 'gcp.vertex_ai',
        model: 'claude-opus-4-1@20250805',
        confirmByBody: false,
        operation: 'chat',
        api: 'anthropic.messages',
        streamFromUrl: true,
      },
    ],
    [
      'https://aiplatform.eu.rep.googleapis.com/v1/projects/my-proj/locations/eu/publishers/anthropic/models/claude-haiku-4-5@20251001:rawPredict',
      {
        provider: 'gcp.vertex_ai',
        model: 'claude-haiku-4-5@20251001',
        confirmByBody: false,
        operation: 'chat',
        api: 'anthropic.messages',
      },
    ],
    // Token counting is not a generation.
    [
      `${REGIONAL}/${PROJECT}/publishers/anthropic/models/count-tokens:rawPredict`,
      undefined,
    ],
    [
      `${REGIONAL}/${PROJECT}/publishers/google/models/gemini-2.5-flash:countTokens`,
      undefined,
    ],
    ['https://api.anthropic.com/v1/messages/count_tokens', undefined],
    ['http://127.0.0.1:8080/v1/messages/count_tokens', undefined],
    [
      `${REGIONAL}/${PROJECT}/publishers/mistralai/models/mistral-medium-3:rawPredict`,
      {
        provider: 'gcp.vertex_ai',
        model: 'mistral-medium-3',
        confirmByBody: true,
        operation: 'chat',
        api: 'openai.chat',
      },
    ],
    [
      `${REGIONAL}/${PROJECT}/publishers/mistralai/models/mistral-small-2503:streamRawPredict`,
      {
        provider: 'gcp.vertex_ai',
        model: 'mistral-small-2503',
        confirmByBody: true,
        operation: 'chat',
        api: 'openai.chat',
        streamFromUrl: true,
      },
    ],
    [
      'https://us-central1-aiplatform.googleapis.com/v1beta1/projects/my-proj/locations/us-central1/endpoints/openapi/chat/completions',
      {
        provider: 'gcp.vertex_ai',
        operation: 'chat',
        api: 'openai.chat',
        confirmByBody: false,
      },
    ],
    // Publishers whose wire format we have not verified stay unmatched.
    [
      `${REGIONAL}/${PROJECT}/publishers/ai21/models/jamba-1.5-large@001:rawPredict`,
      undefined,
    ],
    [
      `${REGIONAL}/${PROJECT}/publishers/anthropic/models/claude-sonnet-4-5@20250929:predict`,
      undefined,
    ],
    // The same path elsewhere (proxy, test server): backend unknown.
    [
      `http://127.0.0.1:9000/v1/${PROJECT}/publishers/anthropic/models/claude-sonnet-4-5@20250929:rawPredict`,
      {
        provider: 'gcp.gen_ai',
        model: 'claude-sonnet-4-5@20250929',
        confirmByBody: true,
        operation: 'chat',
        api: 'anthropic.messages',
      },
    ],
  ];
  for (const [url, expected] of cases) {
    void it(`${new URL(url).host} ${url.split('/').at(-1) ?? ''}`, () => {
      assert.deepStrictEqual(found(url), expected);
    });
  }
});

void describe('Anthropic on Vertex AI', () => {
  const model = 'claude-sonnet-4-5@20250929';
  // What @anthropic-ai/vertex-sdk sends: no model, anthropic_version in the body.
  const body = JSON.stringify({
    max_tokens: 1024,
    messages: [{ role: 'user', content: 'Weather in Zurich?' }],
    tools: [
      {
        name: 'get_weather',
        input_schema: {
          type: 'object',
          properties: { city: { type: 'string' } },
        },
      },
    ],
    anthropic_version: 'vertex-2023-10-16',
  });

  void it('rawPredict: model from the URL, usage incl. cache writes from the body', () => {
    const ex = exchange(
      `${REGIONAL}/${PROJECT}/publishers/anthropic/models/${model}:rawPredict`,
    );
    const request = ex.module.parseRequest(ex.match, body, NO_CONTENT);
    assert.deepStrictEqual(request, { model, maxTokens: 1024 });
    const got = parseAllSplits(
      responseParser({ ...ex, request: request ?? {} }, JSON_BODY),
      fixture(
        'gemini',
        'vertex-anthropic-raw-predict-tool-use-cache-write.json',
      ),
    );
    assert.deepStrictEqual(got, {
      facts: {
        complete: true,
        responseId: 'msg_vrtx_01Vx3kPq8ZfT2nW7hJ4sLm9C',
        responseModel: 'claude-sonnet-4-5-20250929',
        finishReasons: ['tool_use'],
        usage: {
          inputTokens: 381 + 1536,
          outputTokens: 57,
          cacheReadInputTokens: 0,
          cacheWriteInputTokens: 1536,
        },
      },
      chunks: 0,
    });
  });

  void it('rawPredict with content capture: input, tools and output messages', () => {
    const ex = exchange(
      `${REGIONAL}/${PROJECT}/publishers/anthropic/models/${model}:rawPredict`,
    );
    const request = ex.module.parseRequest(ex.match, body, WITH_CONTENT);
    assert.deepStrictEqual(request, {
      model,
      maxTokens: 1024,
      inputMessages: [
        {
          role: 'user',
          parts: [{ type: 'text', content: 'Weather in Zurich?' }],
        },
      ],
      toolDefinitions: [{ type: 'function', name: 'get_weather' }],
    });
    const got = parseAllSplits(
      responseParser(
        { ...ex, request: request ?? {} },
        JSON_BODY,
        WITH_CONTENT,
      ),
      fixture(
        'gemini',
        'vertex-anthropic-raw-predict-tool-use-cache-write.json',
      ),
    );
    assert.deepStrictEqual(got.facts.outputMessages, [
      {
        role: 'assistant',
        parts: [
          { type: 'text', content: "I'll look that up." },
          {
            type: 'tool_call',
            id: 'toolu_vrtx_01Ab7cDe9FgHiJkLmNoPqRsT',
            name: 'get_weather',
            arguments: { city: 'Zurich' },
          },
        ],
        finish_reason: 'tool_use',
      },
    ]);
  });

  void it('streamRawPredict: stream from the URL, message_delta usage wins', () => {
    const ex = exchange(
      `https://aiplatform.googleapis.com/v1/projects/my-proj/locations/global/publishers/anthropic/models/claude-haiku-4-5@20251001:streamRawPredict`,
    );
    const request = ex.module.parseRequest(
      ex.match,
      JSON.stringify({
        max_tokens: 64,
        stream: true,
        messages: [{ role: 'user', content: 'Say hello in French' }],
        anthropic_version: 'vertex-2023-10-16',
      }),
      NO_CONTENT,
    );
    assert.deepStrictEqual(request, {
      model: 'claude-haiku-4-5@20251001',
      stream: true,
      maxTokens: 64,
    });
    const got = parseAllSplits(
      responseParser({ ...ex, request: request ?? {} }, SSE),
      fixture('gemini', 'vertex-anthropic-stream-raw-predict-text.sse'),
    );
    assert.deepStrictEqual(got, {
      facts: {
        complete: true,
        responseId: 'msg_vrtx_01QwErTy8UiOpAsDfGhJkLzX',
        responseModel: 'claude-haiku-4-5-20251001',
        finishReasons: ['end_turn'],
        usage: {
          inputTokens: 14,
          outputTokens: 6,
          cacheReadInputTokens: 0,
          cacheWriteInputTokens: 0,
        },
      },
      chunks: 3,
    });
  });

  void it('a stream cut before message_stop is incomplete with finish reason error', () => {
    const ex = exchange(
      `${REGIONAL}/${PROJECT}/publishers/anthropic/models/${model}:streamRawPredict`,
      { model, stream: true },
    );
    const whole = fixture(
      'gemini',
      'vertex-anthropic-stream-raw-predict-text.sse',
    );
    const text = new TextDecoder().decode(whole);
    const cutAt = text.indexOf('event: content_block_stop');
    const got = parseAllSplits(
      responseParser(ex, SSE),
      whole.subarray(0, cutAt),
      true,
    );
    assert.deepStrictEqual(got, {
      facts: {
        complete: false,
        responseId: 'msg_vrtx_01QwErTy8UiOpAsDfGhJkLzX',
        responseModel: 'claude-haiku-4-5-20251001',
        finishReasons: ['error'],
        usage: {
          inputTokens: 14,
          outputTokens: 1,
          cacheReadInputTokens: 0,
          cacheWriteInputTokens: 0,
        },
      },
      chunks: 3,
    });
  });
});

void describe('Vertex AI errors for partner models', () => {
  const url = `${REGIONAL}/${PROJECT}/publishers/anthropic/models/claude-sonnet-4-5@20250929:rawPredict`;

  void it('a Vertex quota error (Google envelope) gives its status', () => {
    const ex = exchange(url);
    assert.deepStrictEqual(
      parseAllSplits(
        responseParser(ex, meta('application/json; charset=UTF-8', 429)),
        fixture('gemini', 'vertex-error-anthropic-quota-exceeded.json'),
      ),
      { facts: { complete: true, errorType: 'RESOURCE_EXHAUSTED' }, chunks: 0 },
    );
  });

  void it('an Anthropic error body passed through gives its type', () => {
    const ex = exchange(url);
    assert.deepStrictEqual(
      parseAllSplits(
        responseParser(ex, meta('application/json', 529)),
        fixture('anthropic', 'anthropic-error-overloaded.json'),
      ),
      { facts: { complete: true, errorType: 'overloaded_error' }, chunks: 0 },
    );
  });
});

void describe('Mistral on Vertex AI', () => {
  void it('rawPredict: OpenAI chat format, model from the URL', () => {
    const ex = exchange(
      `${REGIONAL}/${PROJECT}/publishers/mistralai/models/mistral-medium-3:rawPredict`,
    );
    const request = ex.module.parseRequest(
      ex.match,
      JSON.stringify({
        model: 'mistral-medium-3',
        temperature: 0,
        max_tokens: 128,
        messages: [{ role: 'user', content: 'Capital of France?' }],
      }),
      NO_CONTENT,
    );
    assert.deepStrictEqual(request, {
      model: 'mistral-medium-3',
      temperature: 0,
      maxTokens: 128,
    });
    const got = parseAllSplits(
      responseParser({ ...ex, request: request ?? {} }, JSON_BODY),
      fixture('gemini', 'vertex-mistral-raw-predict-chat.json'),
    );
    assert.deepStrictEqual(got, {
      facts: {
        complete: true,
        responseId: '7c1f0e4b9a2d4f6e8b3c5a7d9e1f2a3b',
        responseModel: 'mistral-medium-3',
        finishReasons: ['stop'],
        usage: { inputTokens: 11, outputTokens: 8 },
      },
      chunks: 0,
    });
  });

  void it('streamRawPredict: usage on the last chunk', () => {
    const ex = exchange(
      `${REGIONAL}/${PROJECT}/publishers/mistralai/models/mistral-small-2503:streamRawPredict`,
    );
    const request = ex.module.parseRequest(
      ex.match,
      JSON.stringify({
        model: 'mistral-small-2503',
        messages: [{ role: 'user', content: 'Say hello in French' }],
        stream: true,
      }),
      NO_CONTENT,
    );
    assert.deepStrictEqual(request, {
      model: 'mistral-small-2503',
      stream: true,
    });
    const got = parseAllSplits(
      responseParser({ ...ex, request: request ?? {} }, SSE),
      fixture(
        'gemini',
        'vertex-mistral-stream-raw-predict-usage-last-chunk.sse',
      ),
    );
    assert.deepStrictEqual(got, {
      facts: {
        complete: true,
        responseId: '3e8a6c2f1b7d4e9a8c5b2d1f0e3a4b6c',
        responseModel: 'mistral-small-2503',
        finishReasons: ['stop'],
        usage: { inputTokens: 9, outputTokens: 3 },
      },
      chunks: 2,
    });
  });

  void it('Mistral OCR on the same path is not a chat: nothing recorded', () => {
    const ex = exchange(
      `${REGIONAL}/${PROJECT}/publishers/mistralai/models/mistral-ocr-2505:rawPredict`,
    );
    const request = ex.module.parseRequest(
      ex.match,
      JSON.stringify({
        model: 'mistral-ocr-2505',
        document: {
          type: 'document_url',
          document_url: 'data:application/pdf;base64,JVBERi0=',
        },
      }),
      NO_CONTENT,
    );
    assert.equal(request, undefined);
  });
});

void describe('Vertex AI OpenAI-compatible endpoint', () => {
  void it('endpoints/openapi/chat/completions: model from the body', () => {
    const ex = exchange(
      'https://us-central1-aiplatform.googleapis.com/v1/projects/my-proj/locations/us-central1/endpoints/openapi/chat/completions',
    );
    const request = ex.module.parseRequest(
      ex.match,
      JSON.stringify({
        model: 'meta/llama-3.3-70b-instruct-maas',
        messages: [{ role: 'user', content: 'Hello' }],
        max_tokens: 64,
      }),
      NO_CONTENT,
    );
    assert.deepStrictEqual(request, {
      model: 'meta/llama-3.3-70b-instruct-maas',
      maxTokens: 64,
    });
    const got = parseAllSplits(
      responseParser({ ...ex, request: request ?? {} }, JSON_BODY),
      fixture('gemini', 'vertex-openapi-llama-chat.json'),
    );
    assert.deepStrictEqual(got, {
      facts: {
        complete: true,
        responseId: '2026-01-01|00:00:00.000000-07|1.2.3.4|123456789',
        responseModel: 'meta/llama-3.3-70b-instruct-maas',
        // Vertex sends an empty system_fingerprint; the OpenAI parser keeps it.
        systemFingerprint: '',
        finishReasons: ['stop'],
        usage: { inputTokens: 12, outputTokens: 10 },
      },
      chunks: 0,
    });
  });
});
