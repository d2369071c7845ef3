import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import {
  expectedText,
  startMockLlm,
  type MockLlm,
} from '../../../src/index.js';

void describe('OpenAI Responses API with the real openai SDK', () => {
  let mock: MockLlm;
  let client: OpenAI;
  before(async () => {
    mock = await startMockLlm();
    client = new OpenAI({ baseURL: `${mock.url}/v1`, apiKey: 'test-key' });
  });
  after(() => mock.close());

  void it('answers non-stream with output_text and usage', async () => {
    const res = await client.responses.create({
      model: 'gpt-4.1~cache_read=4,reasoning=3',
      instructions: 'be brief',
      input: 'tell me a story',
    });
    assert.match(res.id, /^resp_[0-9a-f]{24}$/);
    assert.equal(res.status, 'completed');
    assert.equal(res.output_text, expectedText());
    assert.deepEqual(res.usage, {
      input_tokens: 10,
      input_tokens_details: { cached_tokens: 4 },
      output_tokens: 11,
      output_tokens_details: { reasoning_tokens: 3 },
      total_tokens: 21,
    });
  });

  void it('streams the event sequence ending in response.completed with usage', async () => {
    const stream = await client.responses.create({
      model: 'gpt-4.1~tokens=4,chunks=2',
      input: [{ role: 'user', content: 'two words' }],
      stream: true,
    });
    const types: string[] = [];
    const deltas: string[] = [];
    let usage: unknown;
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === 'response.output_text.delta') deltas.push(event.delta);
      if (event.type === 'response.completed') usage = event.response.usage;
    }
    assert.deepEqual(types, [
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    assert.deepEqual(deltas, ['time call', ' test from']);
    assert.deepEqual(usage, {
      input_tokens: 2,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens: 4,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: 6,
    });
  });

  void it('returns a function_call item when tools are offered', async () => {
    const res = await client.responses.create({
      model: 'gpt-4.1',
      input: 'weather?',
      tools: [
        {
          type: 'function',
          name: 'get_weather',
          strict: false,
          parameters: {
            type: 'object',
            properties: { unit: { type: 'string', enum: ['c', 'f'] } },
          },
        },
      ],
    });
    const item = res.output[0];
    assert.equal(item?.type, 'function_call');
    assert.deepEqual(
      item?.type === 'function_call' && [item.name, item.arguments],
      ['get_weather', '{"unit":"c"}'],
    );
  });

  void it('streams function call arguments', async () => {
    const stream = client.responses.stream({
      model: 'gpt-4.1',
      input: 'weather?',
      tools: [
        {
          type: 'function',
          name: 'f',
          strict: false,
          parameters: { type: 'object', properties: { n: { type: 'number' } } },
        },
      ],
    });
    const final = await stream.finalResponse();
    const item = final.output[0];
    assert.deepEqual(
      item?.type === 'function_call' && [item.name, item.arguments],
      ['f', '{"n":42}'],
    );
  });
});
