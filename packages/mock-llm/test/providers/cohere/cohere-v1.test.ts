// Cohere v1 routes against the real cohere-ai SDK's CohereClient (v1).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CohereClient } from 'cohere-ai';
import {
  expectedText,
  mockText,
  startMockLlm,
  type MockLlm,
} from '../../../src/index.js';

void describe('Cohere v1 with the real cohere-ai CohereClient', () => {
  let mock: MockLlm;
  let client: CohereClient;
  before(async () => {
    mock = await startMockLlm();
    client = new CohereClient({ token: 'test-key', environment: mock.url });
  });
  after(() => mock.close());

  void it('chat: input tokens count message, preamble and chat_history', async () => {
    const res = await client.chat({
      model: 'command-r-plus-08-2024~cache_read=2',
      preamble: 'Be brief.',
      chatHistory: [{ role: 'USER', message: 'hi there' }],
      message: 'say hello to the world',
    });
    assert.equal(res.text, expectedText());
    assert.equal(res.finishReason, 'COMPLETE');
    assert.equal(res.responseId?.length, 24);
    assert.equal(res.generationId, `gen-${res.responseId ?? ''}`);
    assert.deepEqual(res.meta, {
      apiVersion: { version: '1' },
      billedUnits: { inputTokens: 2 + 2 + 5, outputTokens: 8 },
      tokens: { inputTokens: 11, outputTokens: 8 },
      cachedTokens: 2,
    });
    assert.deepEqual(
      res.chatHistory?.map(m => m.role),
      ['USER', 'USER', 'CHATBOT'],
    );
    assert.equal(mock.requests.at(-1)?.path, '/v1/chat');
  });

  void it('chatStream: NDJSON stream-start, text-generation per piece, stream-end with meta', async () => {
    const stream = await client.chatStream({
      model: 'command-r-08-2024~tokens=3',
      message: 'hi',
    });
    const types: string[] = [];
    let text = '';
    let end: unknown;
    for await (const event of stream) {
      types.push(event.eventType);
      if (event.eventType === 'text-generation') text += event.text;
      if (event.eventType === 'stream-end')
        end = [event.finishReason, event.response.meta];
    }
    assert.deepEqual(types, [
      'stream-start',
      'text-generation',
      'text-generation',
      'text-generation',
      'stream-end',
    ]);
    assert.equal(text, mockText(3, 0));
    assert.deepEqual(end, [
      'COMPLETE',
      {
        apiVersion: { version: '1' },
        billedUnits: { inputTokens: 1, outputTokens: 3 },
        tokens: { inputTokens: 1, outputTokens: 3 },
      },
    ]);
  });

  void it('chat with tools: parameter_definitions filled by type, tool plan as text', async () => {
    const res = await client.chat({
      model: 'command-r-plus-08-2024',
      message: 'weather?',
      tools: [
        {
          name: 'get_weather',
          description: 'Weather for a city',
          parameterDefinitions: {
            city: { type: 'str', required: true },
            days: { type: 'int' },
          },
        },
      ],
    });
    assert.equal(res.text, 'I will call the tool.');
    assert.deepEqual(res.toolCalls, [
      { name: 'get_weather', parameters: { city: 'mock', days: 42 } },
    ]);
    const done = await client.chat({
      model: 'command-r-plus-08-2024',
      message: '',
      tools: [{ name: 'get_weather', description: 'Weather' }],
      toolResults: [
        {
          call: { name: 'get_weather', parameters: { city: 'mock' } },
          outputs: [{ temperature: 21 }],
        },
      ],
    });
    assert.equal(done.toolCalls, undefined);
    assert.equal(done.text, expectedText());
  });

  void it('chatStream with tools: tool-calls-chunk deltas, then tool-calls-generation', async () => {
    const stream = await client.chatStream({
      model: 'command-r-plus-08-2024~tokens=2',
      message: 'weather?',
      tools: [
        {
          name: 'get_weather',
          description: 'Weather',
          parameterDefinitions: { city: { type: 'str' } },
        },
      ],
    });
    let args = '';
    const calls: unknown[] = [];
    for await (const event of stream) {
      if (event.eventType === 'tool-calls-chunk')
        args += event.toolCallDelta.parameters ?? '';
      if (event.eventType === 'tool-calls-generation')
        calls.push(...event.toolCalls);
    }
    assert.equal(args, '{"city":"mock"}');
    assert.deepEqual(calls, [
      { name: 'get_weather', parameters: { city: 'mock' } },
    ]);
  });

  void it('generate: num_generations, output tokens T·n', async () => {
    const res = await client.generate({
      model: 'command~tokens=4',
      prompt: 'Once upon a time',
      numGenerations: 2,
    });
    assert.deepEqual(
      res.generations.map(g => [g.index, g.text]),
      [
        [0, mockText(4, 0)],
        [1, mockText(4, 0)],
      ],
    );
    assert.deepEqual(res.meta?.billedUnits, {
      inputTokens: 4,
      outputTokens: 8,
    });
  });

  void it('generateStream: text-generation pieces, stream-end without meta', async () => {
    const stream = await client.generateStream({
      model: 'command~tokens=2',
      prompt: 'Once upon a time',
    });
    const types: string[] = [];
    for await (const event of stream) types.push(event.eventType);
    assert.deepEqual(types, [
      'text-generation',
      'text-generation',
      'stream-end',
    ]);
  });

  void it('embed: embeddings_floats by default, billed input tokens', async () => {
    const res = await client.embed({
      model: 'embed-english-v3.0',
      texts: ['a b c', 'd'],
      inputType: 'search_document',
    });
    assert.equal(res.responseType, 'embeddings_floats');
    assert.equal(res.embeddings.length, 2);
    assert.deepEqual(res.meta, {
      apiVersion: { version: '1' },
      billedUnits: { inputTokens: 4 },
    });
  });

  void it('a 429 fault surfaces as TooManyRequestsError with retry-after', async () => {
    await assert.rejects(
      client.chat({ model: 'command-r~429', message: 'hi' }, { maxRetries: 0 }),
      (err: Error & { statusCode?: number }) => {
        assert.equal(err.statusCode, 429);
        return true;
      },
    );
  });
});
