import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createAnthropic } from '@ai-sdk/anthropic';
import { createGoogleGenerativeAI } from '@ai-sdk/google';
import { createOpenAI } from '@ai-sdk/openai';
import { embed, generateText, jsonSchema, streamText, tool } from 'ai';
import { expectedText, startMockLlm, type MockLlm } from '../../src/index.js';

void describe('Vercel ai with @ai-sdk/openai, @ai-sdk/anthropic, @ai-sdk/google', () => {
  let mock: MockLlm;
  before(async () => {
    mock = await startMockLlm();
  });
  after(() => mock.close());

  const usageOf = (u: {
    inputTokens?: number;
    outputTokens?: number;
    totalTokens?: number;
  }) => [u.inputTokens, u.outputTokens, u.totalTokens];

  void it('openai responses (default) generateText and streamText', async () => {
    const openai = createOpenAI({ baseURL: `${mock.url}/v1`, apiKey: 'k' });
    const res = await generateText({
      model: openai('gpt-4.1'),
      prompt: 'hello world',
    });
    assert.equal(res.text, expectedText());
    assert.deepEqual(usageOf(res.usage), [2, 8, 10]);
    assert.equal(mock.requests.at(-1)?.path, '/v1/responses');

    const stream = streamText({
      model: openai('gpt-4.1~tokens=3'),
      prompt: 'hello world',
    });
    assert.equal(await stream.text, expectedText({ scenario: 'tokens=3' }));
    assert.deepEqual(usageOf(await stream.usage), [2, 3, 5]);
  });

  void it('openai chat completions generateText, streamText and a tool call', async () => {
    const openai = createOpenAI({ baseURL: `${mock.url}/v1`, apiKey: 'k' });
    const res = await generateText({
      model: openai.chat('gpt-4o'),
      prompt: 'one two three',
    });
    assert.equal(res.text, expectedText());
    assert.deepEqual(usageOf(res.usage), [3, 8, 11]);

    const stream = streamText({
      model: openai.chat('gpt-4o~tokens=2'),
      prompt: 'x',
    });
    assert.equal(await stream.text, expectedText({ scenario: 'tokens=2' }));
    assert.deepEqual(usageOf(await stream.usage), [1, 2, 3]);

    const withTool = await generateText({
      model: openai.chat('gpt-4o'),
      prompt: 'weather?',
      tools: {
        get_weather: tool({
          inputSchema: jsonSchema<{ city: string }>({
            type: 'object',
            properties: { city: { type: 'string' } },
          }),
        }),
      },
    });
    assert.deepEqual(
      withTool.toolCalls.map(c => [c.toolName, c.input]),
      [['get_weather', { city: 'mock' }]],
    );
    assert.equal(withTool.finishReason, 'tool-calls');
  });

  void it('openai embeddings', async () => {
    const openai = createOpenAI({ baseURL: `${mock.url}/v1`, apiKey: 'k' });
    const res = await embed({
      model: openai.embedding('text-embedding-3-small'),
      value: 'a b c',
    });
    assert.equal(res.embedding.length, 8);
    assert.equal(res.usage.tokens, 3);
  });

  void it('anthropic generateText and streamText with cache tokens', async () => {
    const anthropic = createAnthropic({
      baseURL: `${mock.url}/v1`,
      apiKey: 'k',
    });
    const res = await generateText({
      model: anthropic('claude-test~cache_read=10'),
      prompt: 'hello world',
    });
    assert.equal(res.text, expectedText());
    assert.deepEqual(usageOf(res.usage), [12, 8, 20]);
    assert.equal(res.usage.inputTokenDetails.cacheReadTokens, 10);

    const stream = streamText({
      model: anthropic('claude-test~tokens=2'),
      prompt: 'hello world',
    });
    assert.equal(await stream.text, expectedText({ scenario: 'tokens=2' }));
    assert.deepEqual(usageOf(await stream.usage), [2, 2, 4]);
  });

  void it('google generateText and streamText with thoughts', async () => {
    const google = createGoogleGenerativeAI({
      baseURL: `${mock.url}/v1beta`,
      apiKey: 'k',
    });
    const res = await generateText({
      model: google('gemini-2.5-flash~reasoning=2'),
      prompt: 'hello world',
    });
    assert.equal(res.text, expectedText());
    assert.deepEqual(usageOf(res.usage), [2, 10, 12]);

    const stream = streamText({
      model: google('gemini-2.5-flash~tokens=3'),
      prompt: 'hello world',
    });
    assert.equal(await stream.text, expectedText({ scenario: 'tokens=3' }));
    assert.deepEqual(usageOf(await stream.usage), [2, 3, 5]);
  });
});
