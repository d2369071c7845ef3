import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createOpenAI } from '@ai-sdk/openai';
import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import { CohereClientV2 } from 'cohere-ai';
import { Ollama } from 'ollama';
import OpenAI from 'openai';
import { generateText } from 'ai';
import { expectedText, startMockLlm, type MockLlm } from '../../src/index.js';

const MESSAGES = [{ role: 'user' as const, content: 'hi' }];

void describe('fault scenarios seen through real SDKs', () => {
  let mock: MockLlm;
  before(async () => {
    mock = await startMockLlm();
  });
  beforeEach(() => mock.reset());
  after(() => mock.close());

  const openai = (options: ConstructorParameters<typeof OpenAI>[0] = {}) =>
    new OpenAI({ baseURL: `${mock.url}/v1`, apiKey: 'k', ...options });
  const seen = () => mock.requests.map(r => [r.status, r.attempt, r.fault]);

  void it('openai retries a 429-once (x-stainless-retry-count) and then succeeds', async () => {
    const res = await openai().chat.completions.create({
      model: 'gpt-4o~429-once,retry_after=0.01',
      messages: MESSAGES,
    });
    assert.equal(res.choices[0]?.message.content, expectedText());
    assert.deepEqual(seen(), [
      [429, 0, '429'],
      [200, 1, undefined],
    ]);
  });

  void it('a caller retrying through openai with maxRetries 0, as LangChain does, fails once, then succeeds', async () => {
    const client = openai({ maxRetries: 0 });
    const call = () =>
      client.chat.completions.create({
        model: 'gpt-4o~429-once',
        messages: MESSAGES,
      });
    await assert.rejects(call(), OpenAI.RateLimitError);
    const res = await call();
    assert.equal(res.choices[0]?.message.content, expectedText());
    // Both announced as attempt 0 (x-stainless-retry-count: 0).
    assert.deepEqual(seen(), [
      [429, 0, '429'],
      [200, 1, undefined],
    ]);
  });

  void it('openai gives up on an always-429 after maxRetries with a RateLimitError', async () => {
    const err = await openai({ maxRetries: 1 })
      .chat.completions.create({
        model: 'gpt-4o~fault=429,retry_after=0.01',
        messages: MESSAGES,
      })
      .catch((e: unknown) => e);
    assert.ok(err instanceof OpenAI.RateLimitError);
    assert.equal(err.code, 'rate_limit_exceeded');
    assert.equal(err.headers.get('retry-after'), '0.01');
    assert.equal(err.headers.get('x-ratelimit-remaining-requests'), '0');
    assert.deepEqual(seen(), [
      [429, 0, '429'],
      [429, 1, '429'],
    ]);
  });

  void it('the scenario can come from the x-mock-scenario header', async () => {
    const client = openai({
      maxRetries: 0,
      defaultHeaders: { 'x-mock-scenario': 'fault=500' },
    });
    const err = await client.chat.completions
      .create({ model: 'gpt-4o', messages: MESSAGES })
      .catch((e: unknown) => e);
    assert.ok(err instanceof OpenAI.InternalServerError);
    assert.equal(err.status, 500);
    assert.equal(err.type, 'server_error');
  });

  void it('503 reaches the openai SDK as an InternalServerError with status 503', async () => {
    const err = await openai({ maxRetries: 0 })
      .chat.completions.create({ model: 'gpt-4o~503', messages: MESSAGES })
      .catch((e: unknown) => e);
    assert.ok(err instanceof OpenAI.InternalServerError);
    assert.equal(err.status, 503);
  });

  void it('anthropic overloaded is a 529 overloaded_error, retried once then fine', async () => {
    const client = new Anthropic({
      baseURL: mock.url,
      apiKey: 'k',
      maxRetries: 0,
    });
    const err = await client.messages
      .create({
        model: 'claude-test~overloaded',
        max_tokens: 10,
        messages: MESSAGES,
      })
      .catch((e: unknown) => e);
    assert.ok(err instanceof Anthropic.APIError);
    assert.equal(err.status, 529);
    assert.deepEqual(err.error, {
      type: 'error',
      error: { type: 'overloaded_error', message: 'Overloaded' },
      request_id: (err.error as { request_id: string }).request_id,
    });
    mock.reset();
    const retrying = new Anthropic({
      baseURL: mock.url,
      apiKey: 'k',
      maxRetries: 2,
    });
    const ok = await retrying.messages.create({
      model: 'claude-test~overloaded-once,retry_after=0.01',
      max_tokens: 10,
      messages: MESSAGES,
    });
    assert.equal(ok.stop_reason, 'end_turn');
    assert.deepEqual(seen(), [
      [529, 0, 'overloaded'],
      [200, 1, undefined],
    ]);
  });

  void it('a hang makes the openai SDK time out', async () => {
    const err = await openai({ maxRetries: 0, timeout: 300 })
      .chat.completions.create({ model: 'gpt-4o~hang', messages: MESSAGES })
      .catch((e: unknown) => e);
    assert.ok(err instanceof OpenAI.APIConnectionTimeoutError);
  });

  void it('malformed JSON makes the openai SDK throw', async () => {
    const err = await openai({ maxRetries: 0 })
      .chat.completions.create({
        model: 'gpt-4o~malformed',
        messages: MESSAGES,
      })
      .catch((e: unknown) => e);
    assert.ok(err instanceof SyntaxError);
  });

  void it('a truncated body makes the openai SDK throw', async () => {
    const err = await openai({ maxRetries: 0 })
      .chat.completions.create({
        model: 'gpt-4o~truncated',
        messages: MESSAGES,
      })
      .catch((e: unknown) => e);
    assert.ok(err instanceof Error);
  });

  void it('a stream cut mid-way makes the openai SDK stream throw after the first pieces', async () => {
    const stream = await openai({ maxRetries: 0 }).chat.completions.create({
      model: 'gpt-4o~cut,tokens=6',
      messages: MESSAGES,
      stream: true,
    });
    const got: string[] = [];
    const err = await (async () => {
      for await (const chunk of stream)
        got.push(chunk.choices[0]?.delta.content ?? '');
    })().catch((e: unknown) => e);
    assert.ok(err instanceof Error);
    // 9 frames (role, 6 pieces, finish, [DONE]); cut inside frame 4.
    assert.deepEqual(got, ['', 'time', ' call', ' test']);
  });

  void it('a stream cut mid-way makes the anthropic SDK stream throw', async () => {
    const client = new Anthropic({
      baseURL: mock.url,
      apiKey: 'k',
      maxRetries: 0,
    });
    const err = await client.messages
      .stream({ model: 'claude-test~cut', max_tokens: 10, messages: MESSAGES })
      .finalMessage()
      .catch((e: unknown) => e);
    assert.ok(err instanceof Error);
  });

  void it('a malformed stream event makes the openai SDK stream throw', async () => {
    const stream = await openai({ maxRetries: 0 }).chat.completions.create({
      model: 'gpt-4o~malformed',
      messages: MESSAGES,
      stream: true,
    });
    const err = await (async () => {
      for await (const _ of stream) void _;
    })().catch((e: unknown) => e);
    assert.ok(err instanceof SyntaxError);
  });

  void it('stream_error: the openai SDK throws the in-stream error after the first pieces', async () => {
    const stream = await openai({ maxRetries: 0 }).chat.completions.create({
      model: 'gpt-4o~stream_error,tokens=4',
      messages: MESSAGES,
      stream: true,
    });
    const got: string[] = [];
    const err = await (async () => {
      for await (const chunk of stream)
        got.push(chunk.choices[0]?.delta.content ?? '');
    })().catch((e: unknown) => e);
    assert.ok(err instanceof OpenAI.APIError);
    assert.equal(err.type, 'server_error');
    // 7 frames (role, 4 pieces, finish, [DONE]): 3 kept, then the error.
    assert.deepEqual(got, ['', 'time', ' call']);
  });

  void it('stream_error: the anthropic SDK throws overloaded_error mid-stream', async () => {
    const client = new Anthropic({
      baseURL: mock.url,
      apiKey: 'k',
      maxRetries: 0,
    });
    const err = await client.messages
      .stream({
        model: 'claude-test~stream_error',
        max_tokens: 10,
        messages: MESSAGES,
      })
      .finalMessage()
      .catch((e: unknown) => e);
    assert.ok(err instanceof Anthropic.APIError);
    assert.deepEqual(err.error, {
      type: 'error',
      error: { type: 'overloaded_error', message: 'Overloaded' },
    });
  });

  void it('stream_error: @google/genai and ollama streams throw', async () => {
    const genai = new GoogleGenAI({
      apiKey: 'k',
      httpOptions: { baseUrl: mock.url },
    });
    const gemini = await genai.models.generateContentStream({
      model: 'gemini-2.5-flash~stream_error',
      contents: 'hi',
    });
    const gErr = await (async () => {
      for await (const _ of gemini) void _;
    })().catch((e: unknown) => e);
    assert.ok(gErr instanceof Error);
    assert.match(gErr.message, /INTERNAL/);

    const ollama = new Ollama({ host: mock.url });
    const oStream = await ollama.chat({
      model: 'llama3~stream_error',
      messages: MESSAGES,
      stream: true,
    });
    const oErr = await (async () => {
      for await (const _ of oStream) void _;
    })().catch((e: unknown) => e);
    assert.ok(oErr instanceof Error);
    assert.equal(
      oErr.message,
      'an error was encountered while running the model',
    );
  });

  void it('stream_error on a non-stream request is the provider 500', async () => {
    const err = await openai({ maxRetries: 0 })
      .chat.completions.create({
        model: 'gpt-4o~stream_error',
        messages: MESSAGES,
      })
      .catch((e: unknown) => e);
    assert.ok(err instanceof OpenAI.InternalServerError);
  });

  void it('a slow stream still delivers the same content', async () => {
    const stream = await openai().chat.completions.create({
      model: 'gpt-4o~slow,chunk_delay=5,ttft=5,latency=5,tokens=3',
      messages: MESSAGES,
      stream: true,
    });
    let text = '';
    for await (const chunk of stream)
      text += chunk.choices[0]?.delta.content ?? '';
    assert.equal(text, expectedText({ scenario: 'tokens=3' }));
  });

  void it('@google/genai retries a 429-once (counted per identical request) and succeeds', async () => {
    const client = new GoogleGenAI({
      apiKey: 'k',
      httpOptions: { baseUrl: mock.url, retryOptions: { attempts: 2 } },
    });
    const res = await client.models.generateContent({
      model: 'gemini-2.5-flash~429-once',
      contents: 'hi',
    });
    assert.equal(res.text, expectedText());
    assert.deepEqual(seen(), [
      [429, 0, '429'],
      [200, 1, undefined],
    ]);
  });

  void it('Vercel ai retries a 429-once (counted per identical request) and succeeds', async () => {
    const provider = createOpenAI({ baseURL: `${mock.url}/v1`, apiKey: 'k' });
    const res = await generateText({
      model: provider.chat('gpt-4o~429-once,retry_after=0.01'),
      prompt: 'hi',
    });
    assert.equal(res.text, expectedText());
    assert.deepEqual(seen(), [
      [429, 0, '429'],
      [200, 1, undefined],
    ]);
  });

  void it('cohere-ai retries a 429-once honoring retry-after and succeeds', async () => {
    const client = new CohereClientV2({ token: 'k', environment: mock.url });
    const res = await client.chat({
      model: 'command-a~429-once,retry_after=0.01',
      messages: MESSAGES,
    });
    assert.equal(res.finishReason, 'COMPLETE');
    assert.deepEqual(seen(), [
      [429, 0, '429'],
      [200, 1, undefined],
    ]);
  });

  void it('server scenario applies to every request; header and model override it key by key', async () => {
    const server = await startMockLlm({ scenario: 'tokens=2,cache_read=1' });
    try {
      const client = new OpenAI({
        baseURL: `${server.url}/v1`,
        apiKey: 'k',
        defaultHeaders: { 'x-mock-scenario': 'tokens=5' },
      });
      const res = await client.chat.completions.create({
        model: 'gpt-4o~cache_read=4,tokens=3',
        messages: MESSAGES,
      });
      assert.equal(
        res.choices[0]?.message.content,
        expectedText({ scenario: 'tokens=5' }),
      );
      assert.deepEqual(
        [res.usage?.prompt_tokens, res.usage?.completion_tokens],
        [5, 5],
      );
    } finally {
      await server.close();
    }
  });
});
