import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import { Ollama } from 'ollama';
import OpenAI from 'openai';
import { startMockLlm, type MockLlm } from '../../src/index.js';

void describe('bad requests get each provider’s status and error shape', () => {
  let mock: MockLlm;
  before(async () => {
    mock = await startMockLlm();
  });
  after(() => mock.close());

  const post = async (
    path: string,
    body: string,
  ): Promise<[number, unknown]> => {
    const res = await fetch(mock.url + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    const text = await res.text();
    return [
      res.status,
      res.headers.get('content-type')?.includes('json')
        ? JSON.parse(text)
        : text,
    ];
  };

  void it('openai: missing model is a 400 BadRequestError', async () => {
    const client = new OpenAI({
      baseURL: `${mock.url}/v1`,
      apiKey: 'k',
      maxRetries: 0,
    });
    const err = await client.chat.completions
      .create({
        messages: [{ role: 'user', content: 'hi' }],
      } as unknown as OpenAI.ChatCompletionCreateParamsNonStreaming)
      .catch((e: unknown) => e);
    assert.ok(err instanceof OpenAI.BadRequestError);
    assert.equal(err.message, '400 you must provide a model parameter');
    assert.equal(err.type, 'invalid_request_error');
  });

  void it('openai: invalid JSON and unknown path', async () => {
    const [status, body] = await post('/v1/chat/completions', '{"model":');
    assert.equal(status, 400);
    assert.deepEqual(Object.keys((body as { error: object }).error), [
      'message',
      'type',
      'param',
      'code',
    ]);
    assert.deepEqual(await post('/v1/nope', '{}'), [
      404,
      {
        error: {
          message: 'Invalid URL (POST /v1/nope)',
          type: 'invalid_request_error',
          param: null,
          code: null,
        },
      },
    ]);
  });

  void it('openai: missing messages names the parameter', async () => {
    assert.deepEqual(await post('/v1/chat/completions', '{"model":"gpt-4o"}'), [
      400,
      {
        error: {
          message: "Missing required parameter: 'messages'.",
          type: 'invalid_request_error',
          param: 'messages',
          code: 'missing_required_parameter',
        },
      },
    ]);
  });

  void it('anthropic: missing max_tokens is a 400 invalid_request_error', async () => {
    const client = new Anthropic({
      baseURL: mock.url,
      apiKey: 'k',
      maxRetries: 0,
    });
    const err = await client.messages
      .create({
        model: 'claude-test',
        messages: [{ role: 'user', content: 'hi' }],
      } as unknown as Anthropic.MessageCreateParamsNonStreaming)
      .catch((e: unknown) => e);
    assert.ok(err instanceof Anthropic.BadRequestError);
    assert.equal(
      (err.error as { error: { message: string } }).error.message,
      'max_tokens: Field required',
    );
    const [status, body] = await post('/v1/messages', 'nope');
    assert.equal(status, 400);
    assert.equal(
      (body as { error: { type: string } }).error.type,
      'invalid_request_error',
    );
  });

  void it('gemini: invalid JSON is a 400 INVALID_ARGUMENT', async () => {
    assert.deepEqual(
      await post('/v1beta/models/gemini-pro:generateContent', '{'),
      [
        400,
        {
          error: {
            code: 400,
            message: 'Invalid JSON payload received. Unexpected token.',
            status: 'INVALID_ARGUMENT',
          },
        },
      ],
    );
  });

  void it('ollama: missing model is a 400 with {error}', async () => {
    const client = new Ollama({ host: mock.url });
    const err = await client
      .chat({ model: '', messages: [] })
      .catch((e: unknown) => e);
    assert.ok(err instanceof Error);
    assert.equal(err.message, 'model is required');
    assert.deepEqual(await post('/api/nope', '{}'), [
      404,
      '404 page not found',
    ]);
  });

  void it('cohere: missing model is a 400 with {id, message}', async () => {
    const [status, body] = await post('/v2/chat', '{"messages":[]}');
    assert.equal(status, 400);
    assert.equal(
      (body as { message: string }).message,
      'invalid request: model must be specified',
    );
  });

  void it('an unknown scenario key is a 400 naming it', async () => {
    const [status, body] = await post(
      '/v1/chat/completions',
      '{"model":"gpt-4o~bogus=1","messages":[]}',
    );
    assert.equal(status, 400);
    assert.deepEqual(body, {
      error: {
        message: 'scenario: unknown key or fault "bogus=1"',
        type: 'mock_scenario_error',
      },
    });
  });
});
