import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  createGateway,
  GatewayInternalServerError,
  GatewayRateLimitError,
  type GatewayProvider,
} from '@ai-sdk/gateway';
import { embed, generateText, jsonSchema, streamText, tool } from 'ai';
import {
  expectedPieces,
  expectedText,
  expectedUsage,
  gatewayUsage,
  requestId,
  startMockLlm,
  type MockLlm,
} from '../../../src/index.js';
import { mockEmbedding } from '../../../src/content/mock-embedding.js';

const weatherTool = {
  get_weather: tool({
    description: 'Weather for a city',
    inputSchema: jsonSchema<{ city: string; days: number }>({
      type: 'object',
      properties: { city: { type: 'string' }, days: { type: 'integer' } },
      required: ['city'],
    }),
  }),
};

void describe('Vercel AI Gateway with the real ai SDK and @ai-sdk/gateway', () => {
  let mock: MockLlm;
  let gateway: GatewayProvider;
  before(async () => {
    mock = await startMockLlm();
    gateway = createGateway({ baseURL: `${mock.url}/v3/ai`, apiKey: 'k' });
  });
  beforeEach(() => mock.reset());
  after(() => mock.close());

  /** The id the server derived from the last request, as the SDK sent it. */
  const lastId = (): string => {
    const seen = mock.requests.at(-1);
    assert.ok(seen);
    return requestId(0, seen.path, Buffer.from(JSON.stringify(seen.json)));
  };
  const seen = () => mock.requests.map(r => [r.status, r.attempt, r.fault]);

  void it('generateText: the plan text, finish reason, usage and gateway metadata', async () => {
    const res = await generateText({
      model: gateway('openai/gpt-5'),
      system: 'Answer briefly',
      prompt: 'Say hello to the world',
      temperature: 0.2,
      maxOutputTokens: 64,
    });
    assert.equal(res.text, 'time call test from data load span node');
    assert.equal(res.text, expectedText());
    assert.equal(res.finishReason, 'stop');
    assert.equal(res.rawFinishReason, 'stop');
    assert.deepEqual(res.usage, {
      inputTokens: 7, // 5 prompt words + 2 system words
      inputTokenDetails: {
        noCacheTokens: 7,
        cacheReadTokens: 0,
        cacheWriteTokens: 0,
      },
      outputTokens: 8,
      outputTokenDetails: { textTokens: 8, reasoningTokens: 0 },
      totalTokens: 15,
      reasoningTokens: 0,
      cachedInputTokens: 0,
      raw: undefined,
    });
    const id = lastId();
    assert.deepEqual(res.providerMetadata, {
      gateway: {
        routing: {
          originalModelId: 'openai/gpt-5',
          resolvedProvider: 'openai',
          resolvedProviderApiModelId: 'gpt-5',
          fallbacksAvailable: [],
          finalProvider: 'openai',
          modelAttemptCount: 1,
        },
        cost: '0.000039', // (7 + 4 * 8) / 1e6
        generationId: `gen_${id}`,
      },
    });
    assert.equal(res.response.modelId, 'openai/gpt-5');
    const sent = mock.requests.at(-1);
    assert.ok(sent);
    assert.deepEqual(
      [sent.path, sent.provider, sent.model, sent.status],
      ['/v3/ai/language-model', 'vercel-gateway', 'openai/gpt-5', 200],
    );
    assert.equal(sent.headers['ai-language-model-id'], 'openai/gpt-5');
    assert.equal(sent.headers['ai-language-model-streaming'], 'false');
    assert.equal(sent.headers['ai-language-model-specification-version'], '3');
    assert.equal(sent.headers.authorization, 'Bearer k');
    assert.equal(sent.headers['ai-gateway-auth-method'], 'api-key');
    const body = sent.json as Record<string, unknown>;
    assert.equal(body.maxOutputTokens, 64);
    assert.equal(body.temperature, 0.2);
    assert.deepEqual(
      gatewayUsage(expectedUsage({ body: sent.json })).inputTokens.total,
      7,
    );
  });

  void it('streamText: stream-start, metadata, one text-delta per piece, finish with usage', async () => {
    const scenario = 'tokens=3,cache_read=2,cache_write=1,reasoning=4';
    const result = streamText({
      model: gateway(`anthropic/claude-sonnet-4.5~${scenario}`),
      prompt: 'Say hello',
    });
    const types: string[] = [];
    const deltas: string[] = [];
    for await (const part of result.fullStream) {
      types.push(part.type);
      if (part.type === 'text-delta') deltas.push(part.text);
    }
    assert.deepEqual(types, [
      'start',
      'start-step',
      'text-start',
      'text-delta',
      'text-delta',
      'text-delta',
      'text-end',
      'finish-step',
      'finish',
    ]);
    assert.deepEqual(deltas, ['time', ' call', ' test']);
    assert.deepEqual(deltas, expectedPieces({ scenario }));
    assert.equal(await result.text, expectedText({ scenario }));
    assert.equal(await result.finishReason, 'stop');
    assert.deepEqual(await result.usage, {
      inputTokens: 5, // 2 words + 2 cache read + 1 cache write
      inputTokenDetails: {
        noCacheTokens: 2,
        cacheReadTokens: 2,
        cacheWriteTokens: 1,
      },
      outputTokens: 7, // 3 text + 4 reasoning
      outputTokenDetails: { textTokens: 3, reasoningTokens: 4 },
      totalTokens: 12,
      reasoningTokens: 4,
      cachedInputTokens: 2,
      raw: undefined,
    });
    const response = await result.response;
    assert.equal(response.id, `gen_${lastId()}`);
    assert.equal(response.modelId, `anthropic/claude-sonnet-4.5~${scenario}`);
    assert.deepEqual(response.timestamp, new Date('2026-01-01T00:00:00Z'));
    const meta = (await result.providerMetadata)?.gateway;
    assert.equal(meta?.cost, '0.000033'); // (5 + 4 * 7) / 1e6
    const sent = mock.requests.at(-1);
    assert.equal(sent?.headers['ai-language-model-streaming'], 'true');
  });

  void it('the x-mock-scenario header and a /v1/ai base URL work too', async () => {
    const v1 = createGateway({ baseURL: `${mock.url}/v1/ai`, apiKey: 'k' });
    const res = await generateText({
      model: v1('google/gemini-2.5-flash'),
      prompt: 'one two',
      headers: { 'x-mock-scenario': 'tokens=2,seed=3' },
    });
    assert.equal(res.text, expectedText({ scenario: 'tokens=2,seed=3' }));
    assert.deepEqual(
      [res.usage.inputTokens, res.usage.outputTokens, res.usage.totalTokens],
      [2, 2, 4],
    );
    assert.equal(mock.requests.at(-1)?.path, '/v1/ai/language-model');
  });

  void it('a tool call: generateText and streamText', async () => {
    const res = await generateText({
      model: gateway('openai/gpt-5'),
      prompt: 'weather in Paris?',
      tools: weatherTool,
    });
    const id = lastId();
    assert.equal(res.finishReason, 'tool-calls');
    assert.equal(res.rawFinishReason, 'tool_calls');
    assert.equal(res.text, '');
    assert.deepEqual(
      res.toolCalls.map(c => [c.toolCallId, c.toolName, c.input]),
      [[`call_${id}`, 'get_weather', { city: 'mock', days: 42 }]],
    );
    assert.deepEqual(
      [res.usage.inputTokens, res.usage.outputTokens, res.usage.totalTokens],
      [3, 8, 11],
    );
    const body = mock.requests.at(-1)?.json as { tools: unknown[] };
    assert.equal(body.tools.length, 1);

    const result = streamText({
      model: gateway('openai/gpt-5~chunks=2'),
      prompt: 'weather in Paris?',
      tools: weatherTool,
    });
    const types: string[] = [];
    const inputDeltas: string[] = [];
    for await (const part of result.fullStream) {
      types.push(part.type);
      if (part.type === 'tool-input-delta') inputDeltas.push(part.delta);
    }
    assert.deepEqual(types, [
      'start',
      'start-step',
      'tool-input-start',
      'tool-input-delta',
      'tool-input-delta',
      'tool-input-end',
      'tool-call',
      'finish-step',
      'finish',
    ]);
    assert.equal(inputDeltas.join(''), '{"city":"mock","days":42}');
    const calls = await result.toolCalls;
    assert.deepEqual(
      calls.map(c => [c.toolCallId, c.toolName, c.input]),
      [[`call_${lastId()}`, 'get_weather', { city: 'mock', days: 42 }]],
    );
    assert.equal(await result.finishReason, 'tool-calls');
    assert.equal((await result.usage).outputTokens, 8);
  });

  void it('a prompt ending with a tool result gets text; toolChoice none too', async () => {
    const res = await generateText({
      model: gateway('openai/gpt-5~tokens=2'),
      messages: [
        { role: 'user', content: 'weather?' },
        {
          role: 'assistant',
          content: [
            {
              type: 'tool-call',
              toolCallId: 'c1',
              toolName: 'get_weather',
              input: { city: 'Paris' },
            },
          ],
        },
        {
          role: 'tool',
          content: [
            {
              type: 'tool-result',
              toolCallId: 'c1',
              toolName: 'get_weather',
              output: { type: 'text', value: 'sunny' },
            },
          ],
        },
      ],
      tools: weatherTool,
    });
    assert.equal(res.finishReason, 'stop');
    assert.equal(res.text, expectedText({ scenario: 'tokens=2' }));
    const none = await generateText({
      model: gateway('openai/gpt-5~tokens=2'),
      prompt: 'weather?',
      tools: weatherTool,
      toolChoice: 'none',
    });
    assert.equal(none.finishReason, 'stop');
    assert.deepEqual(none.toolCalls, []);
  });

  void it('embed: the mock vector and the word count as usage', async () => {
    const res = await embed({
      model: gateway.embeddingModel('openai/text-embedding-3-small'),
      value: 'sunny day at the beach',
    });
    assert.deepEqual(res.embedding, mockEmbedding(0, 8, 0));
    assert.deepEqual(res.usage, { tokens: 5 });
    const sent = mock.requests.at(-1);
    assert.deepEqual(
      [sent?.path, sent?.model, sent?.status],
      ['/v3/ai/embedding-model', 'openai/text-embedding-3-small', 200],
    );
    assert.deepEqual(sent?.json, { values: ['sunny day at the beach'] });
  });

  void it('429: GatewayRateLimitError with the status and message; 429-once is retried', async () => {
    await assert.rejects(
      generateText({
        model: gateway('openai/gpt-5~429'),
        prompt: 'hi',
        maxRetries: 0,
      }),
      (err: unknown) => {
        assert.ok(GatewayRateLimitError.isInstance(err), String(err));
        assert.equal(err.statusCode, 429);
        assert.equal(err.message, 'Rate limit exceeded');
        assert.equal(err.type, 'rate_limit_exceeded');
        assert.equal(err.isRetryable, true);
        return true;
      },
    );
    assert.deepEqual(seen(), [[429, 0, '429']]);

    mock.reset();
    const res = await generateText({
      model: gateway('openai/gpt-5~429-once,retry_after=0.01,tokens=2'),
      prompt: 'hi',
    });
    assert.equal(res.text, expectedText({ scenario: 'tokens=2' }));
    assert.deepEqual(seen(), [
      [429, 0, '429'],
      [200, 1, undefined],
    ]);
  });

  void it('500 and stream_error: internal server errors', async () => {
    await assert.rejects(
      generateText({
        model: gateway('openai/gpt-5~500'),
        prompt: 'hi',
        maxRetries: 0,
      }),
      (err: unknown) => {
        assert.ok(GatewayInternalServerError.isInstance(err), String(err));
        assert.equal(err.statusCode, 500);
        return true;
      },
    );
    const errors: unknown[] = [];
    const result = streamText({
      model: gateway('openai/gpt-5~stream_error,tokens=4,cut_after=4'),
      prompt: 'hi',
      onError: ({ error }) => {
        errors.push(error);
      },
    });
    const types: string[] = [];
    for await (const part of result.fullStream) types.push(part.type);
    // stream-start, response-metadata, text-start, 'time', then the error;
    // the stream then ends without a finish part, which ai closes itself.
    assert.deepEqual(types, [
      'start',
      'start-step',
      'text-start',
      'text-delta',
      'error',
      'finish-step',
      'finish',
    ]);
    assert.deepEqual(errors, [
      { message: 'Internal server error', type: 'internal_server_error' },
    ]);
  });
});
