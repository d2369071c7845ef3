import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CohereClientV2 } from 'cohere-ai';
import {
  expectedText,
  startMockLlm,
  type MockLlm,
} from '../../../src/index.js';

void describe('Cohere v2 with the real cohere-ai SDK', () => {
  let mock: MockLlm;
  let client: CohereClientV2;
  before(async () => {
    mock = await startMockLlm();
    client = new CohereClientV2({ token: 'test-key', environment: mock.url });
  });
  after(() => mock.close());

  void it('chat non-stream with billed_units', async () => {
    const res = await client.chat({
      model: 'command-a-03-2025~cache_read=2',
      messages: [{ role: 'user', content: 'hello there' }],
    });
    assert.deepEqual(res.message.content, [
      { type: 'text', text: expectedText() },
    ]);
    assert.equal(res.finishReason, 'COMPLETE');
    assert.deepEqual(res.usage, {
      billedUnits: { inputTokens: 2, outputTokens: 8 },
      tokens: { inputTokens: 4, outputTokens: 8 },
      cachedTokens: 2,
    });
  });

  void it('chat SSE stream ends with message-end usage', async () => {
    const stream = await client.chatStream({
      model: 'command-a-03-2025~tokens=2',
      messages: [{ role: 'user', content: 'hi' }],
    });
    const types: string[] = [];
    let text = '';
    let end: unknown;
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === 'content-delta')
        text += event.delta?.message?.content?.text ?? '';
      if (event.type === 'message-end') end = event.delta;
    }
    assert.deepEqual(types, [
      'message-start',
      'content-start',
      'content-delta',
      'content-delta',
      'content-end',
      'message-end',
    ]);
    assert.equal(text, expectedText({ scenario: 'tokens=2' }));
    assert.deepEqual(end, {
      finishReason: 'COMPLETE',
      usage: {
        billedUnits: { inputTokens: 1, outputTokens: 2 },
        tokens: { inputTokens: 1, outputTokens: 2 },
        cachedTokens: 0,
      },
    });
  });

  void it('chat with tools returns TOOL_CALL', async () => {
    const res = await client.chat({
      model: 'command-a-03-2025',
      messages: [{ role: 'user', content: 'weather?' }],
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
    assert.equal(res.finishReason, 'TOOL_CALL');
    assert.deepEqual(
      res.message.toolCalls?.map(t => [
        t.function?.name,
        t.function?.arguments,
      ]),
      [['get_weather', '{"city":"mock"}']],
    );
  });

  void it('embed', async () => {
    const res = await client.embed({
      model: 'embed-v4.0',
      texts: ['a b c'],
      inputType: 'search_document',
      embeddingTypes: ['float'],
    });
    assert.equal(res.embeddings.float?.length, 1);
    assert.deepEqual(res.meta?.billedUnits, { inputTokens: 3 });
  });
});
