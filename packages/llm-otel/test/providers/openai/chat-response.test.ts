import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { matchProvider } from '../../../src/providers/registry.js';
import type {
  RequestFacts,
  ResponseMeta,
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

const NO_BASE_URLS = { openAICompatibleBaseUrls: [] };

function exchange(url: string, request: RequestFacts = {}): Exchange {
  const found = matchProvider('POST', new URL(url), {}, NO_BASE_URLS);
  assert.ok(found, `no match for ${url}`);
  return { ...found, request };
}

const OPENAI_CHAT = 'https://api.openai.com/v1/chat/completions';
const streamed: RequestFacts = { model: 'gpt-4o-mini', stream: true };

void describe('OpenAI chat completions, non-stream', () => {
  void it('reads a tool call answer', () => {
    const got = parseAllSplits(
      responseParser(exchange(OPENAI_CHAT), JSON_BODY),
      fixture('openai', 'openai-chat-tool-calls.json'),
    );
    assert.deepStrictEqual(got, {
      chunks: 0,
      facts: {
        complete: true,
        responseId: 'chatcmpl-CTq2mBzOMgfgDiTjIXPdkCjJ2SeGq',
        responseModel: 'gpt-4o-mini-2024-07-18',
        systemFingerprint: 'fp_560af6e559',
        serviceTier: 'default',
        usage: {
          inputTokens: 82,
          outputTokens: 18,
          cacheReadInputTokens: 0,
          reasoningOutputTokens: 0,
        },
        finishReasons: ['tool_calls'],
      },
    });
  });

  void it('captures the tool call as an output message when content capture is on', () => {
    const got = parseAllSplits(
      responseParser(exchange(OPENAI_CHAT), JSON_BODY, WITH_CONTENT),
      fixture('openai', 'openai-chat-tool-calls.json'),
    );
    assert.deepStrictEqual(got.facts.outputMessages, [
      {
        role: 'assistant',
        parts: [
          {
            type: 'tool_call',
            id: 'call_Q2nWk3bXz9y8VJ5u2MSn4xQh',
            name: 'get_weather',
            arguments: { city: 'Paris', unit: 'celsius' },
          },
        ],
        finish_reason: 'tool_calls',
      },
    ]);
  });

  void it('reports one finish reason per choice and cached prompt tokens', () => {
    const got = parseAllSplits(
      responseParser(exchange(OPENAI_CHAT), JSON_BODY, WITH_CONTENT),
      fixture('openai', 'openai-chat-two-choices-cached.json'),
    );
    assert.deepStrictEqual(got.facts, {
      complete: true,
      responseId: 'chatcmpl-CTq3aLx1Yp0DlW2cS7dPq9Rk4TzZu',
      responseModel: 'gpt-4.1-2025-04-14',
      systemFingerprint: 'fp_b3f1157249',
      serviceTier: 'default',
      usage: {
        inputTokens: 2048,
        outputTokens: 24,
        cacheReadInputTokens: 1920,
        reasoningOutputTokens: 0,
      },
      finishReasons: ['stop', 'length'],
      outputMessages: [
        {
          role: 'assistant',
          parts: [
            {
              type: 'text',
              content: 'Bonjour! Comment puis-je vous aider aujourd’hui ? 🇫🇷',
            },
          ],
          finish_reason: 'stop',
        },
        {
          role: 'assistant',
          parts: [
            { type: 'text', content: 'Salut ! Que puis-je faire pour vous' },
          ],
          finish_reason: 'length',
        },
      ],
    });
  });

  void it('reads DeepSeek reasoning tokens and reasoning content', () => {
    const got = parseAllSplits(
      responseParser(
        exchange('https://api.deepseek.com/chat/completions'),
        JSON_BODY,
        WITH_CONTENT,
      ),
      fixture('openai', 'deepseek-chat-reasoning.json'),
    );
    assert.deepStrictEqual(got.facts, {
      complete: true,
      responseId: '3f1a9c2e-7b4d-4e8f-a1c3-5d7e9f2b4a6c',
      responseModel: 'deepseek-reasoner',
      systemFingerprint: 'fp_7e0991cad4_prod0820_fp8_kvcache',
      usage: {
        inputTokens: 18,
        outputTokens: 95,
        cacheReadInputTokens: 0,
        reasoningOutputTokens: 81,
      },
      finishReasons: ['stop'],
      outputMessages: [
        {
          role: 'assistant',
          parts: [
            { type: 'reasoning', content: 'Compare 9.11 and 9.80: 11 < 80.' },
            { type: 'text', content: '9.11 is smaller than 9.8.' },
          ],
          finish_reason: 'stop',
        },
      ],
    });
  });

  void it('reads legacy completions', () => {
    const got = parseAllSplits(
      responseParser(
        exchange('https://api.openai.com/v1/completions'),
        JSON_BODY,
        WITH_CONTENT,
      ),
      fixture('openai', 'openai-completions.json'),
    );
    assert.deepStrictEqual(got.facts, {
      complete: true,
      responseId: 'cmpl-CTq7Qw3Er5Ty7Ui9Op1As3Df5Gh',
      responseModel: 'gpt-3.5-turbo-instruct:20230824-v2',
      usage: { inputTokens: 5, outputTokens: 7 },
      finishReasons: ['stop'],
      outputMessages: [
        {
          role: 'assistant',
          parts: [{ type: 'text', content: '\n\nThis is a test.' }],
          finish_reason: 'stop',
        },
      ],
    });
  });

  void it('marks a body that is not its JSON malformed, with nothing else', () => {
    const bodies: [string, ResponseMeta][] = [
      // Ends inside its JSON.
      ['openai-chat-malformed.json', JSON_BODY],
      // A proxy's login page, served with 200.
      ['proxy-login-page-200.html', meta('text/html')],
    ];
    assert.deepStrictEqual(
      bodies.map(([name, response]) =>
        parseAllSplits(
          responseParser(exchange(OPENAI_CHAT), response),
          fixture('openai', name),
        ),
      ),
      bodies.map(() => ({
        chunks: 0,
        facts: { complete: false, malformed: true },
      })),
    );
  });

  void it('does not judge a cut body: its end is partial by nature', () => {
    const got = parseAllSplits(
      responseParser(exchange(OPENAI_CHAT), JSON_BODY),
      fixture('openai', 'openai-chat-malformed.json'),
      true,
    );
    assert.deepStrictEqual(got.facts, { complete: false });
  });
});

void describe('OpenAI-style errors', () => {
  const cases: [string, number, string | undefined][] = [
    ['openai-error-rate-limit.json', 429, 'rate_limit_exceeded'],
    ['openai-error-model-not-found.json', 404, 'model_not_found'],
    ['openai-error-invalid-request-no-code.json', 400, 'invalid_request_error'],
  ];
  cases.push(
    ['mistral-error-invalid-model.json', 400, 'invalid_model'],
    ['vllm-error-bad-request.json', 400, 'BadRequestError'],
  );
  for (const [name, status, errorType] of cases) {
    void it(`reads ${errorType} from ${name}`, () => {
      const got = parseAllSplits(
        responseParser(
          exchange(OPENAI_CHAT, streamed),
          meta('application/json', status),
        ),
        fixture('openai', name),
      );
      assert.deepStrictEqual(got, {
        chunks: 0,
        facts: { complete: true, errorType },
      });
    });
  }

  void it('reports a cut error body as incomplete', () => {
    const got = parseAllSplits(
      responseParser(exchange(OPENAI_CHAT), meta('application/json', 500)),
      new TextEncoder().encode('{"error":{"message":"boom","type":"server_er'),
      true,
    );
    assert.deepStrictEqual(got.facts, { complete: false });
  });
});

void describe('OpenAI chat completions, stream', () => {
  const base = {
    responseId: 'chatcmpl-CTq4Xb1Jm3sVZ9kPq7rT2uWcYx8Ld',
    responseModel: 'gpt-4o-mini-2024-07-18',
    serviceTier: 'default',
    systemFingerprint: 'fp_560af6e559',
  };

  void it('reads usage from the extra chunk sent with include_usage', () => {
    const got = parseAllSplits(
      responseParser(exchange(OPENAI_CHAT, streamed), SSE),
      fixture('openai', 'openai-chat-stream-include-usage.sse'),
    );
    assert.deepStrictEqual(got, {
      chunks: 7,
      facts: {
        ...base,
        complete: true,
        finishReasons: ['stop'],
        usage: {
          inputTokens: 14,
          outputTokens: 7,
          cacheReadInputTokens: 0,
          reasoningOutputTokens: 0,
        },
      },
    });
  });

  void it('marks a stream with a garbled event malformed, and reads the rest', () => {
    const got = parseAllSplits(
      responseParser(exchange(OPENAI_CHAT, streamed), SSE),
      fixture('openai', 'openai-chat-stream-garbled-event.sse'),
    );
    assert.deepStrictEqual(got, {
      chunks: 6,
      facts: {
        ...base,
        complete: true,
        malformed: true,
        finishReasons: ['stop'],
        usage: {
          inputTokens: 14,
          outputTokens: 7,
          cacheReadInputTokens: 0,
          reasoningOutputTokens: 0,
        },
      },
    });
  });

  void it('has no usage without include_usage', () => {
    const got = parseAllSplits(
      responseParser(exchange(OPENAI_CHAT, streamed), SSE, WITH_CONTENT),
      fixture('openai', 'openai-chat-stream-no-usage.sse'),
    );
    assert.deepStrictEqual(got, {
      chunks: 7,
      facts: {
        ...base,
        complete: true,
        finishReasons: ['stop'],
        outputMessages: [
          {
            role: 'assistant',
            parts: [
              { type: 'text', content: 'The capital of France is Paris.' },
            ],
            finish_reason: 'stop',
          },
        ],
      },
    });
  });

  void it('reads CRLF line endings exactly like LF', () => {
    const make = responseParser(
      exchange(OPENAI_CHAT, streamed),
      SSE,
      WITH_CONTENT,
    );
    const crlf = parseAllSplits(
      make,
      fixture('openai', 'openai-chat-stream-crlf.sse'),
    );
    const lf = parseAllSplits(
      make,
      fixture('openai', 'openai-chat-stream-no-usage.sse'),
    );
    assert.deepStrictEqual(crlf, lf);
  });

  void it('reports a cut stream as incomplete, its open choice as error', () => {
    const got = parseAllSplits(
      responseParser(exchange(OPENAI_CHAT, streamed), SSE, WITH_CONTENT),
      fixture('openai', 'openai-chat-stream-cut.sse'),
      true,
    );
    assert.deepStrictEqual(got, {
      chunks: 5,
      facts: {
        ...base,
        complete: false,
        finishReasons: ['error'],
        outputMessages: [
          {
            role: 'assistant',
            parts: [{ type: 'text', content: 'The capital of France is' }],
            finish_reason: 'error',
          },
        ],
      },
    });
  });

  void it('assembles streamed tool call arguments', () => {
    const got = parseAllSplits(
      responseParser(exchange(OPENAI_CHAT, streamed), SSE, WITH_CONTENT),
      fixture('openai', 'openai-chat-stream-tool-call.sse'),
    );
    assert.deepStrictEqual(got, {
      chunks: 4,
      facts: {
        complete: true,
        responseId: 'chatcmpl-CTq5TkR2pLm8Nw3Xv6QyZb1Hs4Ja',
        responseModel: 'gpt-4o-2024-08-06',
        serviceTier: 'default',
        systemFingerprint: 'fp_cbf1785567',
        finishReasons: ['tool_calls'],
        outputMessages: [
          {
            role: 'assistant',
            parts: [
              {
                type: 'tool_call',
                id: 'call_7yZt3kP0mR8sLq2Nw5Xv1Bc',
                name: 'get_weather',
                arguments: { city: 'Paris' },
              },
            ],
            finish_reason: 'tool_calls',
          },
        ],
      },
    });
  });

  void it('reads an error object sent mid-stream', () => {
    const got = parseAllSplits(
      responseParser(exchange(OPENAI_CHAT, streamed), SSE),
      fixture('openai', 'openai-chat-stream-mid-error.sse'),
    );
    assert.deepStrictEqual(got, {
      chunks: 1,
      facts: {
        complete: false,
        responseId: 'chatcmpl-CTq5TkR2pLm8Nw3Xv6QyZb1Hs4Ja',
        responseModel: 'gpt-4o-2024-08-06',
        serviceTier: 'default',
        systemFingerprint: 'fp_cbf1785567',
        errorType: 'server_error',
        finishReasons: ['error'],
      },
    });
  });

  void it('reads Groq usage from x_groq on the last chunk', () => {
    const ex = exchange(
      'https://api.groq.com/openai/v1/chat/completions',
      streamed,
    );
    assert.equal(ex.match.provider, 'groq');
    const got = parseAllSplits(
      responseParser(ex, SSE),
      fixture('openai', 'groq-chat-stream-x-groq.sse'),
    );
    assert.deepStrictEqual(got, {
      chunks: 3,
      facts: {
        complete: true,
        responseId: 'chatcmpl-6f1c2a9e-8d4b-4e3a-9b7c-2d5e8f1a3b4c',
        responseModel: 'llama-3.3-70b-versatile',
        systemFingerprint: 'fp_3f3b593e33',
        finishReasons: ['stop'],
        usage: { inputTokens: 40, outputTokens: 4 },
      },
    });
  });

  void it('skips OpenRouter SSE comment lines', () => {
    const ex = exchange(
      'https://openrouter.ai/api/v1/chat/completions',
      streamed,
    );
    assert.equal(ex.match.provider, 'openrouter');
    const got = parseAllSplits(
      responseParser(ex, SSE, WITH_CONTENT),
      fixture('openai', 'openrouter-chat-stream-comments.sse'),
    );
    assert.deepStrictEqual(got, {
      chunks: 3,
      facts: {
        complete: true,
        responseId: 'gen-1763813100-Xk2mP9qRt4Lw7Nz3Vb8c',
        responseModel: 'anthropic/claude-sonnet-4.5',
        finishReasons: ['stop'],
        usage: {
          inputTokens: 12,
          outputTokens: 3,
          cacheReadInputTokens: 0,
          reasoningOutputTokens: 0,
        },
        outputMessages: [
          {
            role: 'assistant',
            parts: [{ type: 'text', content: 'Hi from OpenRouter' }],
            finish_reason: 'stop',
          },
        ],
      },
    });
  });

  void it('ignores the empty id and model of the Azure prompt filter chunk', () => {
    const ex = exchange(
      'https://contoso.openai.azure.com/openai/deployments/gpt4o-prod/chat/completions?api-version=2024-10-21',
      streamed,
    );
    const got = parseAllSplits(
      responseParser(ex, SSE),
      fixture('openai', 'azure-chat-stream-content-filter.sse'),
    );
    assert.deepStrictEqual(got, {
      chunks: 3,
      facts: {
        complete: true,
        responseId: 'chatcmpl-CTq6Lm4Zp8Qr2Vx7Nw1Ks3Jb9Yt',
        responseModel: 'gpt-4o-2024-11-20',
        systemFingerprint: 'fp_ee1d74bde0',
        finishReasons: ['stop'],
        usage: {
          inputTokens: 9,
          outputTokens: 3,
          cacheReadInputTokens: 0,
          reasoningOutputTokens: 0,
        },
      },
    });
  });

  void it('reads Mistral usage from the chunk that carries the finish reason', () => {
    const ex = exchange('https://api.mistral.ai/v1/chat/completions', streamed);
    assert.equal(ex.match.provider, 'mistral_ai');
    const got = parseAllSplits(
      responseParser(ex, SSE),
      fixture('openai', 'mistral-chat-stream-usage-last-chunk.sse'),
    );
    assert.deepStrictEqual(got, {
      chunks: 2,
      facts: {
        complete: true,
        responseId: '9d2f4c1e8b7a4f3e9c6d5b2a1f0e8d7c',
        responseModel: 'mistral-small-latest',
        finishReasons: ['stop'],
        usage: { inputTokens: 10, outputTokens: 3 },
      },
    });
  });

  void it('falls back to the request flag when the content type is missing', () => {
    const got = parseAllSplits(
      responseParser(exchange(OPENAI_CHAT, streamed), {
        status: 200,
        headers: {},
      }),
      fixture('openai', 'openai-chat-stream-no-usage.sse'),
    );
    assert.equal(got.chunks, 7);
    assert.equal(got.facts.complete, true);
  });

  void it('returns no chunks for a non-stream body, whatever its size', () => {
    const got = parseAllSplits(
      responseParser(
        exchange(OPENAI_CHAT, { model: 'gpt-4o-mini' }),
        JSON_BODY,
        NO_CONTENT,
      ),
      fixture('openai', 'openai-completions.json'),
    );
    assert.equal(got.chunks, 0);
  });
});
