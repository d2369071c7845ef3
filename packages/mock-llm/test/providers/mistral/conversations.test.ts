import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { Mistral } from '@mistralai/mistralai';
import { MistralError } from '@mistralai/mistralai/models/errors';
import {
  expectedPieces,
  expectedText,
  expectedUsage,
  mistralConversationUsage,
  requestId,
  startMockLlm,
  type MockLlm,
} from '../../../src/index.js';

const CREATED = new Date('2026-01-01T00:00:00.000Z');

void describe('Mistral Conversations API with the real @mistralai/mistralai client', () => {
  let mock: MockLlm;
  let client: Mistral;
  before(async () => {
    mock = await startMockLlm();
    client = new Mistral({ apiKey: 'k', serverURL: mock.url });
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

  void it('start: one message.output entry with the plan text and usage', async () => {
    const res = await client.beta.conversations.start({
      model: 'mistral-small-latest',
      inputs: 'Say hello to the world',
      instructions: 'Answer briefly',
      completionArgs: { temperature: 0.2, maxTokens: 64, randomSeed: 7 },
      store: false,
    });
    const id = lastId();
    assert.deepEqual(res, {
      object: 'conversation.response',
      conversationId: `conv_${id}`,
      outputs: [
        {
          object: 'entry',
          type: 'message.output',
          createdAt: CREATED,
          completedAt: CREATED,
          agentId: null,
          model: 'mistral-small-latest',
          id: `msg_${id}`,
          role: 'assistant',
          content: 'time call test from data load span node',
        },
      ],
      usage: {
        promptTokens: 7, // 5 input words + 2 instruction words
        completionTokens: 8,
        totalTokens: 15,
        connectorTokens: null,
        connectors: null,
      },
    });
    const sent = mock.requests.at(-1);
    assert.deepEqual(
      [sent?.path, sent?.provider, sent?.status],
      ['/v1/conversations', 'mistral', 200],
    );
    assert.deepEqual(
      mistralConversationUsage(expectedUsage({ body: sent?.json })),
      {
        prompt_tokens: 7,
        completion_tokens: 8,
        total_tokens: 15,
        connector_tokens: null,
        connectors: null,
      },
    );
  });

  void it('startStream: started, one delta per piece, done with the usage', async () => {
    const stream = await client.beta.conversations.startStream({
      model: 'mistral-small-latest~tokens=3',
      inputs: [{ type: 'message.input', role: 'user', content: 'hi there' }],
    });
    const events: unknown[] = [];
    for await (const e of stream) events.push(e);
    const id = lastId();
    assert.equal(mock.requests.at(-1)?.headers.accept, 'text/event-stream');
    const delta = (content: string) => ({
      event: 'message.output.delta',
      data: {
        type: 'message.output.delta',
        createdAt: CREATED,
        outputIndex: 0,
        id: `msg_${id}`,
        contentIndex: 0,
        model: 'mistral-small-latest~tokens=3',
        agentId: null,
        role: 'assistant',
        content,
      },
    });
    assert.deepEqual(events, [
      {
        event: 'conversation.response.started',
        data: {
          type: 'conversation.response.started',
          createdAt: CREATED,
          conversationId: `conv_${id}`,
        },
      },
      delta('time'),
      delta(' call'),
      delta(' test'),
      {
        event: 'conversation.response.done',
        data: {
          type: 'conversation.response.done',
          createdAt: CREATED,
          usage: {
            promptTokens: 2,
            completionTokens: 3,
            totalTokens: 5,
            connectorTokens: null,
            connectors: null,
          },
        },
      },
    ]);
    assert.deepEqual(expectedPieces({ scenario: 'tokens=3' }), [
      'time',
      ' call',
      ' test',
    ]);
  });

  void it('append keeps the conversation id; without a model it reports mistral-medium-latest', async () => {
    const started = await client.beta.conversations.start({
      model: 'mistral-small-latest',
      inputs: 'hello',
    });
    const res = await client.beta.conversations.append({
      conversationId: started.conversationId,
      conversationAppendRequest: { inputs: 'and now in French' },
    });
    assert.equal(
      mock.requests.at(-1)?.path,
      `/v1/conversations/${started.conversationId}`,
    );
    assert.deepEqual(res, {
      object: 'conversation.response',
      conversationId: started.conversationId,
      outputs: [
        {
          object: 'entry',
          type: 'message.output',
          createdAt: CREATED,
          completedAt: CREATED,
          agentId: null,
          model: 'mistral-medium-latest',
          id: `msg_${lastId()}`,
          role: 'assistant',
          content: expectedText(),
        },
      ],
      usage: {
        promptTokens: 4,
        completionTokens: 8,
        totalTokens: 12,
        connectorTokens: null,
        connectors: null,
      },
    });
  });

  void it('appendStream and restartStream take the scenario from x-mock-scenario', async () => {
    const options = { headers: { 'x-mock-scenario': 'tokens=2' } };
    const collect = async (
      events: AsyncIterable<{ event: string; data: unknown }>,
    ) => {
      let text = '';
      const kinds: string[] = [];
      let conversationId: unknown;
      for await (const e of events) {
        kinds.push(e.event);
        const data = e.data as { content?: unknown; conversationId?: unknown };
        if (typeof data.content === 'string') text += data.content;
        if (data.conversationId !== undefined)
          conversationId = data.conversationId;
      }
      return { kinds, text, conversationId };
    };
    const appended = await collect(
      await client.beta.conversations.appendStream(
        {
          conversationId: 'conv_existing',
          conversationAppendStreamRequest: { inputs: 'go on' },
        },
        options,
      ),
    );
    assert.deepEqual(appended, {
      kinds: [
        'conversation.response.started',
        'message.output.delta',
        'message.output.delta',
        'conversation.response.done',
      ],
      text: expectedText({ scenario: 'tokens=2' }),
      conversationId: 'conv_existing',
    });
    const restarted = await collect(
      await client.beta.conversations.restartStream(
        {
          conversationId: 'conv_existing',
          conversationRestartStreamRequest: {
            inputs: 'try again',
            fromEntryId: 'msg_1',
          },
        },
        options,
      ),
    );
    assert.equal(
      mock.requests.at(-1)?.path,
      '/v1/conversations/conv_existing/restart',
    );
    // A restart branches into a new conversation.
    assert.equal(restarted.conversationId, `conv_${lastId()}`);
    assert.equal(restarted.text, expectedText({ scenario: 'tokens=2' }));
  });

  void it('an agent conversation with a function tool answers a function.call entry', async () => {
    const res = await client.beta.conversations.start({
      agentId: 'ag_0123',
      inputs: 'weather in Paris?',
      tools: [
        {
          type: 'function',
          function: {
            name: 'get_weather',
            parameters: {
              type: 'object',
              properties: { city: { type: 'string' } },
            },
          },
        },
      ],
    });
    const id = lastId();
    assert.deepEqual(res.outputs, [
      {
        object: 'entry',
        type: 'function.call',
        createdAt: CREATED,
        completedAt: CREATED,
        agentId: 'ag_0123',
        model: 'mistral-medium-latest',
        id: `fc_${id}`,
        toolCallId: `call_${id}`,
        name: 'get_weather',
        arguments: '{"city":"mock"}',
      },
    ]);
    assert.deepEqual(
      [res.usage.promptTokens, res.usage.completionTokens],
      [3, 8],
    );
  });

  void it('429: Mistral error JSON with retry-after, one attempt (the SDK does not retry by default)', async () => {
    const err = await client.beta.conversations
      .start({ model: 'mistral-medium-latest~429', inputs: 'hi' })
      .catch((e: unknown) => e);
    assert.ok(err instanceof MistralError);
    assert.equal(err.statusCode, 429);
    assert.equal(err.headers.get('retry-after'), '1');
    assert.deepEqual(JSON.parse(err.body), {
      object: 'error',
      message: 'Rate limit exceeded',
      type: 'rate_limited',
      param: null,
      code: '1300',
    });
    assert.deepEqual(seen(), [[429, 0, '429']]);
  });

  void it('429-once with SDK backoff retries: fails once, then succeeds', async () => {
    const res = await client.beta.conversations.start(
      {
        model: 'mistral-medium-latest~429-once,retry_after=0.01',
        inputs: 'hi',
      },
      {
        retries: {
          strategy: 'backoff',
          backoff: {
            initialInterval: 10,
            maxInterval: 50,
            exponent: 1.1,
            maxElapsedTime: 5000,
          },
          retryConnectionErrors: false,
        },
      },
    );
    assert.equal(res.outputs[0]?.type, 'message.output');
    assert.deepEqual(seen(), [
      [429, 0, '429'],
      [200, 1, undefined],
    ]);
  });

  void it('stream_error ends the stream with conversation.response.error', async () => {
    const stream = await client.beta.conversations.startStream({
      model: 'mistral-medium-latest~stream_error,tokens=4',
      inputs: 'hi',
    });
    const events: unknown[] = [];
    for await (const e of stream) events.push([e.event, e.data]);
    assert.deepEqual(events.at(-1), [
      'conversation.response.error',
      {
        type: 'conversation.response.error',
        createdAt: CREATED,
        message: 'Internal server error',
        code: 500,
      },
    ]);
    // started + 2 of the 4 deltas (half of the 6 frames), then the error.
    assert.equal(events.length, 4);
  });

  void it('500, a cut stream and a malformed stream surface as SDK errors', async () => {
    const err = await client.beta.conversations
      .start({ model: 'mistral-medium-latest~500', inputs: 'hi' })
      .catch((e: unknown) => e);
    assert.ok(err instanceof MistralError);
    assert.equal(err.statusCode, 500);
    assert.equal(
      (JSON.parse(err.body) as { type: string }).type,
      'internal_server_error',
    );
    const stream = await client.beta.conversations.startStream({
      model: 'mistral-medium-latest~cut',
      inputs: 'hi',
    });
    await assert.rejects(async () => {
      for await (const e of stream) void e;
    });
    // malformed: the first delta's JSON loses its last '}'.
    const broken = await client.beta.conversations.startStream({
      model: 'mistral-medium-latest~malformed',
      inputs: 'hi',
    });
    await assert.rejects(async () => {
      for await (const e of broken) void e;
    });
  });

  void it('bad requests: missing inputs is a 422, neither model nor agent_id a 400', async () => {
    const res = await fetch(`${mock.url}/v1/conversations`, {
      method: 'POST',
      body: JSON.stringify({ model: 'mistral-medium-latest' }),
    });
    assert.equal(res.status, 422);
    assert.deepEqual(await res.json(), {
      object: 'error',
      message: {
        detail: [
          {
            type: 'missing',
            loc: ['body', 'inputs'],
            msg: 'Field required',
            input: { model: 'mistral-medium-latest' },
          },
        ],
      },
      type: 'invalid_request_error',
      param: null,
      code: null,
    });
    const err = await client.beta.conversations
      .start({ inputs: 'hi' })
      .catch((e: unknown) => e);
    assert.ok(err instanceof MistralError);
    assert.equal(err.statusCode, 400);
    const other = await fetch(`${mock.url}/v1/conversations/c/history`, {
      method: 'POST',
      body: '{}',
    });
    assert.equal(other.status, 404);
  });
});
