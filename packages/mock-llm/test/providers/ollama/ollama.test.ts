import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Ollama } from 'ollama';
import {
  expectedText,
  startMockLlm,
  type MockLlm,
} from '../../../src/index.js';
import { mockEmbedding } from '../../../src/content/mock-embedding.js';

void describe('Ollama native API with the real ollama client', () => {
  let mock: MockLlm;
  let client: Ollama;
  before(async () => {
    mock = await startMockLlm();
    client = new Ollama({ host: mock.url });
  });
  after(() => mock.close());

  void it('chat non-stream', async () => {
    const res = await client.chat({
      model: 'llama3.2',
      messages: [{ role: 'user', content: 'hello there' }],
    });
    assert.deepEqual(res, {
      model: 'llama3.2',
      created_at: '2026-01-01T00:00:00.000Z' as unknown as Date,
      message: { role: 'assistant', content: expectedText() },
      done: true,
      done_reason: 'stop',
      total_duration: 83_000_000,
      load_duration: 1_000_000,
      prompt_eval_count: 2,
      prompt_eval_duration: 2_000_000,
      eval_count: 8,
      eval_duration: 80_000_000,
    });
  });

  void it('chat NDJSON stream ends with the counts', async () => {
    const stream = await client.chat({
      model: 'llama3.2~tokens=3',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
    });
    const parts: unknown[] = [];
    for await (const part of stream)
      parts.push([part.message.content, part.done, part.eval_count]);
    assert.deepEqual(parts, [
      ['time', false, undefined],
      [' call', false, undefined],
      [' test', false, undefined],
      ['', true, 3],
    ]);
  });

  void it('chat with tools returns tool_calls with object arguments', async () => {
    const res = await client.chat({
      model: 'llama3.2',
      messages: [{ role: 'user', content: 'weather?' }],
      tools: [
        {
          type: 'function',
          function: {
            name: 'get_weather',
            description: 'w',
            parameters: {
              type: 'object',
              properties: { city: { type: 'string' } },
            },
          },
        },
      ],
    });
    assert.deepEqual(res.message.tool_calls, [
      { function: { name: 'get_weather', arguments: { city: 'mock' } } },
    ]);
  });

  void it('generate non-stream and stream', async () => {
    const res = await client.generate({
      model: 'llama3.2',
      prompt: 'one two three',
    });
    assert.deepEqual(
      [res.response, res.prompt_eval_count, res.eval_count],
      [expectedText(), 3, 8],
    );
    const stream = await client.generate({
      model: 'llama3.2~tokens=2',
      prompt: 'x',
      stream: true,
    });
    let text = '';
    let evalCount: number | undefined;
    for await (const part of stream) {
      text += part.response;
      if (part.done) evalCount = part.eval_count;
    }
    assert.deepEqual(
      [text, evalCount],
      [expectedText({ scenario: 'tokens=2' }), 2],
    );
  });

  void it('embed', async () => {
    const res = await client.embed({
      model: 'nomic-embed-text',
      input: ['a b', 'c'],
    });
    assert.deepEqual(res.embeddings, [
      mockEmbedding(0, 8, 0),
      mockEmbedding(1, 8, 0),
    ]);
    assert.equal(res.prompt_eval_count, 3);
  });

  void it('legacy embeddings: one prompt, one embedding', async () => {
    const res = await client.embeddings({
      model: 'nomic-embed-text',
      prompt: 'a b',
    });
    assert.deepEqual(res, { embedding: mockEmbedding(0, 8, 0) });
  });
});
