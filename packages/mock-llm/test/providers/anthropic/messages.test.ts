import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import {
  expectedText,
  startMockLlm,
  type MockLlm,
} from '../../../src/index.js';

const WEATHER = {
  name: 'get_weather',
  input_schema: {
    type: 'object' as const,
    properties: { city: { type: 'string' } },
  },
};

void describe('Anthropic messages with the real @anthropic-ai/sdk', () => {
  let mock: MockLlm;
  let client: Anthropic;
  before(async () => {
    mock = await startMockLlm();
    client = new Anthropic({
      baseURL: mock.url,
      apiKey: 'test-key',
      openTelemetry: { traces: { enabled: false } },
    } as ConstructorParameters<typeof Anthropic>[0]);
  });
  after(() => mock.close());

  void it('answers non-stream with cache read and creation tokens', async () => {
    const res = await client.messages.create({
      model: 'claude-test~cache_read=100,cache_write=20',
      max_tokens: 256,
      system: 'you are terse',
      messages: [{ role: 'user', content: 'hello there' }],
    });
    assert.match(res.id, /^msg_[0-9a-f]{24}$/);
    assert.deepEqual(res.content, [{ type: 'text', text: expectedText() }]);
    assert.equal(res.stop_reason, 'end_turn');
    assert.deepEqual(res.usage, {
      input_tokens: 5,
      cache_creation_input_tokens: 20,
      cache_read_input_tokens: 100,
      cache_creation: {
        ephemeral_5m_input_tokens: 20,
        ephemeral_1h_input_tokens: 0,
      },
      output_tokens: 8,
      service_tier: 'standard',
    });
  });

  void it('streams message_start ... message_stop with cumulative usage', async () => {
    const stream = await client.messages.create({
      model: 'claude-test~tokens=4,chunks=2,cache_read=3',
      max_tokens: 256,
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
    });
    const types: string[] = [];
    const texts: string[] = [];
    const usages: unknown[] = [];
    for await (const event of stream) {
      types.push(event.type);
      if (
        event.type === 'content_block_delta' &&
        event.delta.type === 'text_delta'
      )
        texts.push(event.delta.text);
      if (event.type === 'message_start')
        usages.push(event.message.usage.output_tokens);
      if (event.type === 'message_delta') usages.push(event.usage);
    }
    assert.deepEqual(types, [
      'message_start',
      'content_block_start',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    assert.deepEqual(texts, ['time call', ' test from']);
    assert.deepEqual(usages, [
      1,
      {
        input_tokens: 1,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 3,
        output_tokens: 4,
      },
    ]);
  });

  void it('uses a tool non-stream and streamed', async () => {
    const res = await client.messages.create({
      model: 'claude-test',
      max_tokens: 256,
      messages: [{ role: 'user', content: 'weather?' }],
      tools: [WEATHER],
    });
    assert.equal(res.stop_reason, 'tool_use');
    assert.deepEqual(
      res.content.map(b => b.type === 'tool_use' && [b.name, b.input]),
      [['get_weather', { city: 'mock' }]],
    );
    const final = await client.messages
      .stream({
        model: 'claude-test',
        max_tokens: 256,
        messages: [{ role: 'user', content: 'weather?' }],
        tools: [WEATHER],
      })
      .finalMessage();
    assert.equal(final.stop_reason, 'tool_use');
    assert.deepEqual(
      final.content.map(b => b.type === 'tool_use' && b.input),
      [{ city: 'mock' }],
    );
  });

  void it('answers in text after a tool_result', async () => {
    const res = await client.messages.create({
      model: 'claude-test',
      max_tokens: 256,
      tools: [WEATHER],
      messages: [
        { role: 'user', content: 'weather?' },
        {
          role: 'assistant',
          content: [
            { type: 'tool_use', id: 't1', name: 'get_weather', input: {} },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 't1', content: 'sunny' },
          ],
        },
      ],
    });
    assert.equal(res.stop_reason, 'end_turn');
    assert.equal(res.usage.input_tokens, 2);
  });
});
