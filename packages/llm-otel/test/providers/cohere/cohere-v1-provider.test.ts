// Cohere v1 (the cohere-ai SDK's CohereClient): /v1/chat JSON and NDJSON
// streams, legacy /v1/generate, /v1/embed. Usage from meta.billed_units.
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
  WITH_CONTENT,
  fixture,
  meta,
  parseAllSplits,
  responseParser,
} from '../parse-helpers.js';
import type { Exchange } from '../parse-helpers.js';

/** What api.cohere.com labels its v1 streams. */
const STREAM_JSON = meta('application/stream+json');

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

function found(url: string): ProviderMatch | undefined {
  return matchProvider(
    'POST',
    new URL(url),
    {},
    { openAICompatibleBaseUrls: [] },
  )?.match;
}

const MODEL = 'command-r-plus-08-2024';
const CHAT: ProviderMatch = {
  provider: 'cohere',
  operation: 'chat',
  api: 'cohere.chat',
  confirmByBody: false,
};

void describe('Cohere v1 routing', () => {
  const cases: [string, ProviderMatch | undefined][] = [
    ['https://api.cohere.com/v1/chat', CHAT],
    ['https://api.cohere.ai/v1/chat', CHAT],
    [
      'https://api.cohere.com/v1/generate',
      { ...CHAT, operation: 'text_completion' },
    ],
    [
      'https://api.cohere.com/v1/embed',
      { ...CHAT, operation: 'embeddings', api: 'cohere.embed' },
    ],
    // Not generations.
    ['https://api.cohere.com/v1/rerank', undefined],
    ['https://api.cohere.com/v1/tokenize', undefined],
    ['https://api.cohere.com/v1/classify', undefined],
    ['https://api.cohere.com/v1/summarize', undefined],
    ['https://api.cohere.com/v1/check-api-key', undefined],
    // Other hosts: by path, confirmed by the body.
    ['http://127.0.0.1:8080/v1/chat', { ...CHAT, confirmByBody: true }],
    [
      'http://127.0.0.1:8080/v1/generate',
      { ...CHAT, operation: 'text_completion', confirmByBody: true },
    ],
    [
      'http://127.0.0.1:8080/v1/embed',
      {
        ...CHAT,
        operation: 'embeddings',
        api: 'cohere.embed',
        confirmByBody: true,
      },
    ],
  ];
  for (const [url, expected] of cases) {
    void it(url, () => {
      assert.deepStrictEqual(found(url), expected);
    });
  }

  void it('on other hosts only a v1 body (a `message` string) is recorded', () => {
    const ex = exchange('http://127.0.0.1:8080/v1/chat');
    assert.equal(
      ex.module.parseRequest(
        ex.match,
        JSON.stringify({
          model: MODEL,
          messages: [{ role: 'user', content: 'x' }],
        }),
        NO_CONTENT,
      ),
      undefined,
    );
    assert.deepStrictEqual(
      ex.module.parseRequest(
        ex.match,
        JSON.stringify({ model: MODEL, message: 'x' }),
        NO_CONTENT,
      ),
      { model: MODEL },
    );
  });

  void it('on api.cohere.com an unreadable body still records (model unknown)', () => {
    const ex = exchange('https://api.cohere.com/v1/chat');
    assert.deepStrictEqual(
      ex.module.parseRequest(ex.match, '{not json', NO_CONTENT),
      {},
    );
  });
});

void describe('Cohere v1 chat request', () => {
  const body = JSON.stringify({
    message: 'And in Bern?',
    model: MODEL,
    preamble: 'You are a weather bot.',
    chat_history: [
      { role: 'USER', message: 'Weather in Zurich?' },
      {
        role: 'CHATBOT',
        message: 'Checking.',
        tool_calls: [{ name: 'get_weather', parameters: { city: 'Zurich' } }],
      },
      {
        role: 'TOOL',
        tool_results: [
          {
            call: { name: 'get_weather', parameters: { city: 'Zurich' } },
            outputs: [{ temperature: 21 }],
          },
        ],
      },
      { role: 'CHATBOT', message: 'It is 21 degrees.' },
    ],
    conversation_id: 'conv-42',
    temperature: 0.3,
    max_tokens: 200,
    k: 40,
    p: 0.75,
    seed: 7,
    stop_sequences: ['END'],
    frequency_penalty: 0.1,
    presence_penalty: 0.2,
    tools: [
      {
        name: 'get_weather',
        description: 'Weather for a city',
        parameter_definitions: { city: { type: 'str', required: true } },
      },
    ],
    response_format: { type: 'json_object' },
  });

  void it('maps k/p to top_k/top_p and reads every sampling field', () => {
    const ex = exchange('https://api.cohere.com/v1/chat');
    assert.deepStrictEqual(ex.module.parseRequest(ex.match, body, NO_CONTENT), {
      model: MODEL,
      temperature: 0.3,
      topP: 0.75,
      topK: 40,
      maxTokens: 200,
      stopSequences: ['END'],
      seed: 7,
      frequencyPenalty: 0.1,
      presencePenalty: 0.2,
      outputType: 'json',
      conversationId: 'conv-42',
    });
  });

  void it('with content capture: history, preamble and tools', () => {
    const ex = exchange('https://api.cohere.com/v1/chat');
    const facts = ex.module.parseRequest(ex.match, body, WITH_CONTENT);
    assert.deepStrictEqual(
      {
        inputMessages: facts?.inputMessages,
        systemInstructions: facts?.systemInstructions,
        toolDefinitions: facts?.toolDefinitions,
      },
      {
        inputMessages: [
          {
            role: 'user',
            parts: [{ type: 'text', content: 'Weather in Zurich?' }],
          },
          {
            role: 'assistant',
            parts: [
              { type: 'text', content: 'Checking.' },
              {
                type: 'tool_call',
                name: 'get_weather',
                arguments: { city: 'Zurich' },
              },
            ],
          },
          {
            role: 'tool',
            parts: [
              { type: 'tool_call_response', response: [{ temperature: 21 }] },
            ],
          },
          {
            role: 'assistant',
            parts: [{ type: 'text', content: 'It is 21 degrees.' }],
          },
          { role: 'user', parts: [{ type: 'text', content: 'And in Bern?' }] },
        ],
        systemInstructions: [
          { type: 'text', content: 'You are a weather bot.' },
        ],
        toolDefinitions: [{ type: 'function', name: 'get_weather' }],
      },
    );
  });
});

void describe('Cohere v1 chat response', () => {
  void it('non-stream: response_id, finish reason and billed units', () => {
    const ex = exchange('https://api.cohere.com/v1/chat', { model: MODEL });
    assert.deepStrictEqual(
      parseAllSplits(
        responseParser(ex, JSON_BODY),
        fixture('cohere', 'cohere-v1-chat-text.json'),
      ),
      {
        facts: {
          complete: true,
          responseModel: MODEL,
          responseId: '5f3c1a2e-8b7d-4c6e-9a1f-2d3e4b5c6a7f',
          finishReasons: ['COMPLETE'],
          usage: { inputTokens: 7, outputTokens: 8 },
        },
        chunks: 0,
      },
    );
  });

  void it('non-stream tool calls with content capture', () => {
    const ex = exchange('https://api.cohere.com/v1/chat', { model: MODEL });
    assert.deepStrictEqual(
      parseAllSplits(
        responseParser(ex, JSON_BODY, WITH_CONTENT),
        fixture('cohere', 'cohere-v1-chat-tool-calls.json'),
      ).facts,
      {
        complete: true,
        responseModel: MODEL,
        responseId: '0c9e7d5b-3a1f-4e2d-8c6b-9a7f5e3d1c2b',
        finishReasons: ['COMPLETE'],
        usage: { inputTokens: 31, outputTokens: 24 },
        outputMessages: [
          {
            role: 'assistant',
            parts: [
              {
                type: 'text',
                content: 'I will look up the weather in Zurich.',
              },
              {
                type: 'tool_call',
                name: 'get_weather',
                arguments: { city: 'Zurich' },
              },
            ],
            finish_reason: 'COMPLETE',
          },
        ],
      },
    );
  });

  void it('NDJSON stream: one chunk per text-generation, usage from stream-end', () => {
    const ex = exchange('https://api.cohere.com/v1/chat', {
      model: MODEL,
      stream: true,
    });
    assert.deepStrictEqual(
      parseAllSplits(
        responseParser(ex, STREAM_JSON, WITH_CONTENT),
        fixture('cohere', 'cohere-v1-chat-stream-text.ndjson'),
      ),
      {
        facts: {
          complete: true,
          responseModel: MODEL,
          responseId: 'ac6d5f86-f5a7-4db9-bacf-f01b98697a5b',
          finishReasons: ['MAX_TOKENS'],
          usage: { inputTokens: 4, outputTokens: 3 },
          outputMessages: [
            {
              role: 'assistant',
              parts: [{ type: 'text', content: 'Bonjour le monde' }],
              finish_reason: 'MAX_TOKENS',
            },
          ],
        },
        chunks: 3,
      },
    );
  });

  void it('NDJSON stream with tool calls: plan as reasoning, whole calls', () => {
    const ex = exchange('https://api.cohere.com/v1/chat', {
      model: MODEL,
      stream: true,
    });
    assert.deepStrictEqual(
      parseAllSplits(
        responseParser(ex, STREAM_JSON, WITH_CONTENT),
        fixture('cohere', 'cohere-v1-chat-stream-tool-calls.ndjson'),
      ),
      {
        facts: {
          complete: true,
          responseModel: MODEL,
          responseId: 'bd6b2c10-4f7a-4d4e-9d0e-3b1f6a4c2e8d',
          finishReasons: ['COMPLETE'],
          usage: { inputTokens: 31, outputTokens: 19 },
          outputMessages: [
            {
              role: 'assistant',
              parts: [
                { type: 'reasoning', content: 'I will check the weather.' },
                {
                  type: 'tool_call',
                  name: 'get_weather',
                  arguments: { city: 'Zurich' },
                },
              ],
              finish_reason: 'COMPLETE',
            },
          ],
        },
        chunks: 4,
      },
    );
  });

  void it('a stream cut before stream-end: incomplete, generation id, finish reason error', () => {
    const ex = exchange('https://api.cohere.com/v1/chat', {
      model: MODEL,
      stream: true,
    });
    const whole = fixture('cohere', 'cohere-v1-chat-stream-text.ndjson');
    const text = new TextDecoder().decode(whole);
    const cutAt = text.indexOf('{"is_finished":true');
    assert.deepStrictEqual(
      parseAllSplits(
        responseParser(ex, STREAM_JSON),
        whole.subarray(0, cutAt),
        true,
      ),
      {
        facts: {
          complete: false,
          responseModel: MODEL,
          responseId: '586ac33f-9c64-452c-8f8d-e5890e73b6fb',
          finishReasons: ['error'],
        },
        chunks: 3,
      },
    );
  });

  void it('stream-end with finish reason ERROR gives error type _OTHER', () => {
    const ex = exchange('https://api.cohere.com/v1/chat', {
      model: MODEL,
      stream: true,
    });
    const lines = [
      '{"is_finished":false,"event_type":"stream-start","generation_id":"g-1"}',
      '{"is_finished":false,"event_type":"text-generation","text":"Hi"}',
      '{"is_finished":true,"event_type":"stream-end","finish_reason":"ERROR","response":{"response_id":"r-1","text":"Hi","generation_id":"g-1","finish_reason":"ERROR"}}',
      '',
    ].join('\n');
    assert.deepStrictEqual(
      parseAllSplits(
        responseParser(ex, STREAM_JSON),
        new TextEncoder().encode(lines),
      ),
      {
        facts: {
          complete: true,
          responseModel: MODEL,
          responseId: 'r-1',
          finishReasons: ['ERROR'],
          errorType: '_OTHER',
        },
        chunks: 1,
      },
    );
  });

  void it('a 429 body carries only a message: no error type', () => {
    const ex = exchange('https://api.cohere.com/v1/chat', { model: MODEL });
    assert.deepStrictEqual(
      parseAllSplits(
        responseParser(ex, meta('application/json', 429)),
        fixture('cohere', 'cohere-error-rate-limit.json'),
      ),
      { facts: { complete: true }, chunks: 0 },
    );
  });
});

void describe('Cohere v1 generate', () => {
  void it('request: prompt, num_generations as choice count', () => {
    const ex = exchange('https://api.cohere.com/v1/generate');
    const body = JSON.stringify({
      prompt: 'Once upon a time, in',
      model: 'command',
      num_generations: 2,
      max_tokens: 20,
      temperature: 0.9,
      k: 0,
      p: 0.75,
      end_sequences: ['.'],
      stop_sequences: ['\n\n'],
    });
    assert.deepStrictEqual(
      ex.module.parseRequest(ex.match, body, WITH_CONTENT),
      {
        model: 'command',
        maxTokens: 20,
        temperature: 0.9,
        topK: 0,
        topP: 0.75,
        stopSequences: ['\n\n'],
        choiceCount: 2,
        inputMessages: [
          {
            role: 'user',
            parts: [{ type: 'text', content: 'Once upon a time, in' }],
          },
        ],
      },
    );
  });

  void it('non-stream: one finish reason per generation, billed units', () => {
    const ex = exchange('https://api.cohere.com/v1/generate', {
      model: 'command',
    });
    assert.deepStrictEqual(
      parseAllSplits(
        responseParser(ex, JSON_BODY, WITH_CONTENT),
        fixture('cohere', 'cohere-v1-generate-two-generations.json'),
      ),
      {
        facts: {
          complete: true,
          responseModel: 'command',
          responseId: '8d2f4e6a-1b3c-4d5e-9f7a-2c4e6b8d0f1a',
          finishReasons: ['COMPLETE', 'MAX_TOKENS'],
          usage: { inputTokens: 6, outputTokens: 9 },
          outputMessages: [
            {
              role: 'assistant',
              parts: [
                { type: 'text', content: ' a small village by the sea.' },
              ],
              finish_reason: 'COMPLETE',
            },
            {
              role: 'assistant',
              parts: [{ type: 'text', content: ' a' }],
              finish_reason: 'MAX_TOKENS',
            },
          ],
        },
        chunks: 0,
      },
    );
  });

  void it('NDJSON stream: chunks and finish reason; stream-end has no usage', () => {
    const ex = exchange('https://api.cohere.com/v1/generate', {
      model: 'command',
      stream: true,
    });
    assert.deepStrictEqual(
      parseAllSplits(
        responseParser(ex, STREAM_JSON),
        fixture('cohere', 'cohere-v1-generate-stream.ndjson'),
      ),
      {
        facts: {
          complete: true,
          responseModel: 'command',
          responseId: '4b6d8f0a-2c4e-4a6b-8d0f-1a3c5e7b9d2f',
          finishReasons: ['MAX_TOKENS'],
        },
        chunks: 3,
      },
    );
  });

  void it('stream-error: error type _OTHER and that finish reason', () => {
    const ex = exchange('https://api.cohere.com/v1/generate', {
      model: 'command',
      stream: true,
    });
    const lines = [
      '{"is_finished":false,"event_type":"text-generation","text":" a"}',
      '{"is_finished":true,"event_type":"stream-error","finish_reason":"ERROR_TOXIC","err":"blocked"}',
      '',
    ].join('\n');
    assert.deepStrictEqual(
      parseAllSplits(
        responseParser(ex, STREAM_JSON),
        new TextEncoder().encode(lines),
      ),
      {
        facts: {
          complete: false,
          responseModel: 'command',
          errorType: '_OTHER',
          finishReasons: ['ERROR_TOXIC'],
        },
        chunks: 1,
      },
    );
  });
});

void describe('Cohere v1 embed', () => {
  void it('embeddings_floats: dimension and billed input tokens', () => {
    const ex = exchange('https://api.cohere.com/v1/embed', {
      model: 'embed-english-v3.0',
    });
    assert.deepStrictEqual(
      parseAllSplits(
        responseParser(ex, JSON_BODY),
        fixture('cohere', 'cohere-v1-embed-floats.json'),
      ),
      {
        facts: {
          complete: true,
          responseModel: 'embed-english-v3.0',
          responseId: '3c5e7a9b-1d2f-4a6c-8e0b-2d4f6a8c0e1b',
          usage: { inputTokens: 3 },
          embeddingsDimension: 4,
        },
        chunks: 0,
      },
    );
  });
});
