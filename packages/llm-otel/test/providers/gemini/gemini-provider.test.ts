import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { matchProvider } from '../../../src/providers/registry.js';
import type {
  RequestFacts,
  ResponseFacts,
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

const GEMINI = 'https://generativelanguage.googleapis.com';

function exchange(url: string, request: RequestFacts = {}): Exchange {
  const found = matchProvider(
    'POST',
    new URL(url),
    {},
    { openAICompatibleBaseUrls: [] },
  );
  assert.ok(found, url);
  return { ...found, request };
}

void describe('Gemini request', () => {
  void it('reads the model from the URL and generationConfig from the body', () => {
    const { module, match } = exchange(
      `${GEMINI}/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse`,
    );
    const body = JSON.stringify({
      contents: [
        { role: 'user', parts: [{ text: 'Weather in Paris?' }] },
        {
          role: 'model',
          parts: [
            { functionCall: { name: 'get_weather', args: { city: 'Paris' } } },
          ],
        },
        {
          role: 'user',
          parts: [
            {
              functionResponse: { name: 'get_weather', response: { temp: 18 } },
            },
          ],
        },
        {
          role: 'user',
          parts: [{ inlineData: { mimeType: 'image/png', data: 'iVBOR' } }],
        },
      ],
      systemInstruction: { parts: [{ text: 'Be brief.' }] },
      tools: [
        { functionDeclarations: [{ name: 'get_weather', parameters: {} }] },
        { googleSearch: {} },
      ],
      generationConfig: {
        temperature: 0.4,
        topP: 0.95,
        topK: 40,
        maxOutputTokens: 800,
        stopSequences: ['STOP!'],
        candidateCount: 1,
        seed: 9,
        responseMimeType: 'application/json',
        thinkingConfig: { thinkingLevel: 'low', includeThoughts: true },
      },
    });
    assert.deepStrictEqual(module.parseRequest(match, body, NO_CONTENT), {
      model: 'gemini-2.5-flash',
      stream: true,
      temperature: 0.4,
      topP: 0.95,
      topK: 40,
      maxTokens: 800,
      stopSequences: ['STOP!'],
      seed: 9,
      choiceCount: 1,
      outputType: 'json',
      reasoningLevel: 'low',
    });
    const facts = module.parseRequest(match, body, WITH_CONTENT);
    assert.deepStrictEqual(facts?.inputMessages, [
      { role: 'user', parts: [{ type: 'text', content: 'Weather in Paris?' }] },
      {
        role: 'assistant',
        parts: [
          {
            type: 'tool_call',
            name: 'get_weather',
            arguments: { city: 'Paris' },
          },
        ],
      },
      {
        role: 'user',
        parts: [{ type: 'tool_call_response', response: { temp: 18 } }],
      },
      {
        role: 'user',
        parts: [
          {
            type: 'blob',
            modality: 'image',
            mime_type: 'image/png',
            content: 'iVBOR',
          },
        ],
      },
    ]);
    assert.deepStrictEqual(facts?.systemInstructions, [
      { type: 'text', content: 'Be brief.' },
    ]);
    assert.deepStrictEqual(facts?.toolDefinitions, [
      { type: 'function', name: 'get_weather' },
      { type: 'googleSearch', name: 'googleSearch' },
    ]);
  });
});

void describe('Gemini generateContent', () => {
  void it('counts thoughts as output and as reasoning', () => {
    const got = parseAllSplits(
      responseParser(
        exchange(`${GEMINI}/v1beta/models/gemini-2.5-flash:generateContent`),
        JSON_BODY,
        WITH_CONTENT,
      ),
      fixture('gemini', 'gemini-generate-thoughts.json'),
    );
    assert.deepStrictEqual(got, {
      chunks: 0,
      facts: {
        complete: true,
        responseId: 'x8ZCaZ3uMoSnz7IP1t6WqQk',
        responseModel: 'gemini-2.5-flash',
        finishReasons: ['STOP'],
        usage: {
          inputTokens: 12,
          outputTokens: 117,
          reasoningOutputTokens: 100,
        },
        outputMessages: [
          {
            role: 'assistant',
            parts: [
              {
                type: 'reasoning',
                content:
                  '**Considering the question**\nThe user asks for a haiku.',
              },
              {
                type: 'text',
                content:
                  'Autumn moonlight—\na worm digs silently\ninto the chestnut.',
              },
            ],
            finish_reason: 'STOP',
          },
        ],
      },
    });
  });

  void it('reads Vertex cached content and tool-use prompt tokens', () => {
    const got = parseAllSplits(
      responseParser(
        exchange(
          'https://us-central1-aiplatform.googleapis.com/v1/projects/p/locations/us-central1/publishers/google/models/gemini-2.0-flash-001:generateContent',
        ),
        JSON_BODY,
        WITH_CONTENT,
      ),
      fixture('gemini', 'vertex-generate-function-call-cached.json'),
    );
    assert.deepStrictEqual(got.facts, {
      complete: true,
      responseId: 'yc1CaYq8Fp2k2fMP7qGJ8A0',
      responseModel: 'gemini-2.0-flash-001',
      finishReasons: ['STOP'],
      usage: {
        inputTokens: 4150,
        outputTokens: 21,
        cacheReadInputTokens: 4096,
        reasoningOutputTokens: 12,
      },
      outputMessages: [
        {
          role: 'assistant',
          parts: [
            {
              type: 'tool_call',
              name: 'get_weather',
              arguments: { city: 'Paris' },
            },
          ],
          finish_reason: 'STOP',
        },
      ],
    });
  });

  const streamed: ResponseFacts = {
    complete: true,
    responseId: 'z91CaaTrDIyPz7IPkeSi0Qg',
    responseModel: 'gemini-2.5-pro',
    finishReasons: ['STOP'],
    usage: { inputTokens: 9, outputTokens: 212, reasoningOutputTokens: 200 },
    outputMessages: [
      {
        role: 'assistant',
        parts: [
          { type: 'reasoning', content: '**Planning the answer**\n' },
          { type: 'text', content: 'Why did the chicken cross the road? 🐔' },
        ],
        finish_reason: 'STOP',
      },
    ],
  };
  const streamUrl = `${GEMINI}/v1beta/models/gemini-2.5-pro:streamGenerateContent`;

  void it('reads an alt=sse stream (CRLF separated, no terminal event)', () => {
    const got = parseAllSplits(
      responseParser(exchange(`${streamUrl}?alt=sse`), SSE, WITH_CONTENT),
      fixture('gemini', 'gemini-stream-thoughts-alt-sse.sse'),
    );
    assert.deepStrictEqual(got, { chunks: 3, facts: streamed });
  });

  void it('reads the JSON-array stream sent without alt=sse', () => {
    const got = parseAllSplits(
      responseParser(exchange(streamUrl), JSON_BODY, WITH_CONTENT),
      fixture('gemini', 'gemini-stream-thoughts-json-array.json'),
    );
    assert.deepStrictEqual(got, { chunks: 3, facts: streamed });
  });

  void it('reports a JSON-array stream cut before its closing bracket as incomplete', () => {
    const got = parseAllSplits(
      responseParser(exchange(streamUrl), JSON_BODY),
      fixture('gemini', 'gemini-stream-json-array-cut.json'),
      true,
    );
    assert.deepStrictEqual(got, {
      chunks: 2,
      facts: {
        complete: false,
        responseId: 'z91CaaTrDIyPz7IPkeSi0Qg',
        responseModel: 'gemini-2.5-pro',
        finishReasons: ['error'],
        usage: {
          inputTokens: 9,
          outputTokens: 202,
          reasoningOutputTokens: 200,
        },
      },
    });
  });

  void it('reads an error element inside a JSON-array stream', () => {
    const body =
      '[{"candidates":[{"content":{"parts":[{"text":"Hi"}],"role":"model"},"index":0}],"modelVersion":"gemini-2.5-flash"}\r\n,\r\n{"error":{"code":503,"message":"The model is overloaded.","status":"UNAVAILABLE"}}\r\n]';
    const got = parseAllSplits(
      responseParser(exchange(streamUrl), JSON_BODY),
      new TextEncoder().encode(body),
    );
    assert.deepStrictEqual(got, {
      chunks: 1,
      facts: {
        complete: true,
        responseModel: 'gemini-2.5-flash',
        errorType: 'UNAVAILABLE',
        finishReasons: ['error'],
      },
    });
  });

  const errors: [string, number, string][] = [
    ['gemini-error-resource-exhausted.json', 429, 'RESOURCE_EXHAUSTED'],
    ['gemini-error-model-not-found.json', 404, 'NOT_FOUND'],
  ];
  for (const [name, status, errorType] of errors) {
    void it(`reads ${errorType} from a ${status} body`, () => {
      const got = parseAllSplits(
        responseParser(
          exchange(`${streamUrl}?alt=sse`),
          meta('application/json; charset=UTF-8', status),
        ),
        fixture('gemini', name),
      );
      assert.deepStrictEqual(got, {
        chunks: 0,
        facts: { complete: true, errorType },
      });
    });
  }
});

void describe('Gemini embeddings', () => {
  void it('reads the dimension of embedContent', () => {
    const ex = exchange(
      `${GEMINI}/v1beta/models/gemini-embedding-001:embedContent`,
    );
    assert.deepStrictEqual(
      ex.module.parseRequest(
        ex.match,
        '{"content":{"parts":[{"text":"hi"}]}}',
        NO_CONTENT,
      ),
      { model: 'gemini-embedding-001' },
    );
    const got = parseAllSplits(
      responseParser(ex, JSON_BODY),
      fixture('gemini', 'gemini-embed-content.json'),
    );
    assert.deepStrictEqual(got.facts, {
      complete: true,
      embeddingsDimension: 6,
    });
  });

  void it('reads the dimension of batchEmbedContents', () => {
    const ex = exchange(
      `${GEMINI}/v1beta/models/gemini-embedding-001:batchEmbedContents`,
    );
    const got = parseAllSplits(
      responseParser(ex, JSON_BODY),
      fixture('gemini', 'gemini-batch-embed-contents.json'),
    );
    assert.deepStrictEqual(got.facts, {
      complete: true,
      embeddingsDimension: 6,
    });
  });
});

void describe('Vertex text-embedding :predict', () => {
  void it('sums per-instance token counts and reads the dimension', () => {
    const ex = exchange(
      'https://us-central1-aiplatform.googleapis.com/v1/projects/p1/locations/us-central1/publishers/google/models/text-embedding-005:predict',
    );
    assert.deepStrictEqual(ex.match, {
      provider: 'gcp.vertex_ai',
      model: 'text-embedding-005',
      confirmByBody: false,
      operation: 'embeddings',
      api: 'gemini.embed',
    });
    const got = parseAllSplits(
      responseParser(ex, JSON_BODY),
      fixture('gemini', 'vertex-predict-text-embedding.json'),
    );
    assert.deepStrictEqual(got.facts, {
      complete: true,
      embeddingsDimension: 5,
      usage: { inputTokens: 10 },
    });
  });

  void it('does not match :predict of other Vertex models', () => {
    assert.equal(
      matchProvider(
        'POST',
        new URL(
          'https://us-central1-aiplatform.googleapis.com/v1/projects/p1/locations/us-central1/publishers/google/models/imagen-4.0-generate-001:predict',
        ),
        {},
        { openAICompatibleBaseUrls: [] },
      ),
      undefined,
    );
  });
});

void describe('Anthropic models on Vertex AI', () => {
  const url =
    'https://us-east5-aiplatform.googleapis.com/v1/projects/p1/locations/us-east5/publishers/anthropic/models/claude-sonnet-4-5@20250929:streamRawPredict';

  void it('takes the model from the URL and reads the Anthropic stream', () => {
    const ex = exchange(url);
    assert.equal(ex.match.provider, 'gcp.vertex_ai');
    const body = JSON.stringify({
      anthropic_version: 'vertex-2023-10-16',
      messages: [{ role: 'user', content: 'hi' }],
      max_tokens: 100,
    });
    const request = ex.module.parseRequest(ex.match, body, NO_CONTENT);
    assert.deepStrictEqual(request, {
      model: 'claude-sonnet-4-5@20250929',
      stream: true,
      maxTokens: 100,
    });
    const got = parseAllSplits(
      responseParser({ ...ex, request: request ?? {} }, SSE),
      fixture('anthropic', 'anthropic-messages-stream-thinking-tool-cache.sse'),
    );
    assert.deepStrictEqual(got.facts.usage, {
      inputTokens: 2520,
      outputTokens: 89,
      cacheReadInputTokens: 2048,
      cacheWriteInputTokens: 0,
    });
    assert.equal(got.chunks, 7);
  });
});
