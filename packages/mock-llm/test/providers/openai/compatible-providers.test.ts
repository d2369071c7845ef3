import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Mistral } from '@mistralai/mistralai';
import Groq from 'groq-sdk';
import { AzureOpenAI } from 'openai';
import OpenAI from 'openai';
import {
  expectedText,
  startMockLlm,
  type MockLlm,
} from '../../../src/index.js';

void describe('OpenAI-compatible paths: Azure, Groq, Mistral with their real SDKs', () => {
  let mock: MockLlm;
  before(async () => {
    mock = await startMockLlm();
  });
  after(() => mock.close());

  void it('Azure deployment path takes the model from the URL', async () => {
    const client = new AzureOpenAI({
      endpoint: mock.url,
      apiKey: 'k',
      apiVersion: '2024-10-21',
      deployment: 'my-gpt',
    });
    const res = await client.chat.completions.create({
      model: '',
      messages: [{ role: 'user', content: 'hi there' }],
    });
    assert.equal(res.model, 'my-gpt');
    assert.equal(res.choices[0]?.message.content, expectedText());
    assert.deepEqual(
      [res.usage?.prompt_tokens, res.usage?.completion_tokens],
      [2, 8],
    );
    const seen = mock.requests.at(-1);
    assert.equal(seen?.path, '/openai/deployments/my-gpt/chat/completions');
  });

  void it('Azure stream opens with the prompt-filter chunk (no choices, empty model)', async () => {
    const client = new AzureOpenAI({
      endpoint: mock.url,
      apiKey: 'k',
      apiVersion: '2024-10-21',
      deployment: 'my-gpt',
    });
    const stream = await client.chat.completions.create({
      model: '',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const seen: unknown[] = [];
    for await (const chunk of stream)
      seen.push([chunk.model, chunk.choices.length, chunk.usage?.total_tokens]);
    assert.deepEqual(seen[0], ['', 0, undefined]);
    assert.deepEqual(seen.at(-1), ['my-gpt', 0, 9]);
    assert.equal(seen.length, 12); // filter, role, 8 pieces, finish, usage
  });

  void it('Azure deployment embeddings', async () => {
    const client = new AzureOpenAI({
      endpoint: mock.url,
      apiKey: 'k',
      apiVersion: '2024-10-21',
      deployment: 'emb',
    });
    const res = await client.embeddings.create({
      model: 'emb',
      input: 'a b c',
    });
    assert.deepEqual(
      [res.model, res.usage],
      ['emb', { prompt_tokens: 3, total_tokens: 3 }],
    );
  });

  void it('Azure v1 path with the plain OpenAI client', async () => {
    const client = new OpenAI({
      baseURL: `${mock.url}/openai/v1`,
      apiKey: 'k',
    });
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-deploy',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const usages: unknown[] = [];
    for await (const chunk of stream) {
      if (chunk.usage) usages.push(chunk.usage.total_tokens);
      assert.equal(
        (chunk as unknown as { x_groq?: unknown }).x_groq,
        undefined,
      );
    }
    assert.deepEqual(usages, [9]);
  });

  void it('Groq non-stream usage has the timing fields', async () => {
    const client = new Groq({ baseURL: mock.url, apiKey: 'k' });
    const res = await client.chat.completions.create({
      model: 'llama-3.3-70b',
      messages: [{ role: 'user', content: 'hi' }],
    });
    assert.equal(res.choices[0]?.message.content, expectedText());
    assert.deepEqual(res.usage, {
      prompt_tokens: 1,
      completion_tokens: 8,
      total_tokens: 9,
      prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
      completion_tokens_details: {
        reasoning_tokens: 0,
        audio_tokens: 0,
        accepted_prediction_tokens: 0,
        rejected_prediction_tokens: 0,
      },
      queue_time: 0.01,
      prompt_time: 0.001,
      completion_time: 0.01,
      total_time: 0.011,
    });
  });

  void it('Groq stream puts usage in x_groq on the final chunk', async () => {
    const client = new Groq({ baseURL: mock.url, apiKey: 'k' });
    const stream = await client.chat.completions.create({
      model: 'llama-3.3-70b~tokens=3',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
    });
    let text = '';
    const xgroq: unknown[] = [];
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.x_groq?.usage)
        xgroq.push([
          chunk.choices[0]?.finish_reason,
          chunk.x_groq.usage.total_tokens,
        ]);
    }
    assert.equal(text, expectedText({ scenario: 'tokens=3' }));
    assert.deepEqual(xgroq, [['stop', 4]]);
  });

  void it('Mistral non-stream and stream (usage on the last chunk)', async () => {
    const client = new Mistral({ serverURL: mock.url, apiKey: 'k' });
    const res = await client.chat.complete({
      model: 'mistral-small-latest',
      messages: [{ role: 'user', content: 'bonjour le monde' }],
      randomSeed: 7,
    });
    assert.deepEqual(res.usage, {
      promptTokens: 3,
      completionTokens: 8,
      totalTokens: 11,
    });
    assert.equal(res.choices?.[0]?.message?.content, expectedText());
    assert.equal(res.choices?.[0]?.finishReason, 'stop');

    const stream = await client.chat.stream({
      model: 'mistral-small-latest~tokens=2',
      messages: [{ role: 'user', content: 'bonjour' }],
    });
    let text = '';
    const usages: unknown[] = [];
    for await (const event of stream) {
      text +=
        (event.data.choices[0]?.delta.content as string | undefined) ?? '';
      if (event.data.usage) usages.push(event.data.usage);
    }
    assert.equal(text, expectedText({ scenario: 'tokens=2' }));
    assert.deepEqual(usages, [
      { promptTokens: 1, completionTokens: 2, totalTokens: 3 },
    ]);
  });

  void it('Mistral embeddings: the id and usage its SDK requires', async () => {
    const client = new Mistral({ serverURL: mock.url, apiKey: 'k' });
    const res = await client.embeddings.create({
      model: 'mistral-embed',
      inputs: ['bonjour le monde', 'salut'],
    });
    assert.match(res.id, /^embd-[0-9a-f]{24}$/);
    assert.deepEqual(
      {
        ...res,
        id: 'embd-…',
        data: res.data.map(d => [d.index, d.embedding?.length]),
      },
      {
        id: 'embd-…',
        object: 'list',
        model: 'mistral-embed',
        usage: { promptTokens: 4, completionTokens: 0, totalTokens: 4 },
        data: [
          [0, 8],
          [1, 8],
        ],
      },
    );
  });

  void it('Mistral tool calls', async () => {
    const client = new Mistral({ serverURL: mock.url, apiKey: 'k' });
    const res = await client.chat.complete({
      model: 'mistral-small-latest',
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
    assert.equal(res.choices?.[0]?.finishReason, 'tool_calls');
    const call = res.choices?.[0]?.message?.toolCalls?.[0];
    assert.deepEqual(
      [call?.function.name, call?.function.arguments],
      ['get_weather', '{"city":"mock"}'],
    );
  });
});
