import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import {
  expectedText,
  expectedUsage,
  startMockLlm,
  type MockLlm,
} from '../../../src/index.js';

const WEATHER_TOOL = {
  type: 'function' as const,
  function: {
    name: 'get_weather',
    parameters: {
      type: 'object',
      properties: { city: { type: 'string' }, days: { type: 'integer' } },
    },
  },
};

void describe('OpenAI chat completions with the real openai SDK', () => {
  let mock: MockLlm;
  let client: OpenAI;
  before(async () => {
    mock = await startMockLlm();
    client = new OpenAI({
      baseURL: `${mock.url}/v1`,
      apiKey: 'test-key',
      maxRetries: 2,
    });
  });
  after(() => mock.close());

  void it('answers non-stream with the documented text, ids and usage', async () => {
    const body = {
      model: 'gpt-4o',
      messages: [{ role: 'user' as const, content: 'Say hello to the world' }],
    };
    const res = await client.chat.completions.create(body);
    assert.equal(res.object, 'chat.completion');
    assert.match(res.id, /^chatcmpl-[0-9a-f]{24}$/);
    assert.equal(res.model, 'gpt-4o');
    assert.equal(res.created, 1767225600);
    assert.deepEqual(res.choices, [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: expectedText(),
          refusal: null,
          annotations: [],
        },
        finish_reason: 'stop',
        logprobs: null,
      },
    ]);
    assert.equal(expectedText(), 'time call test from data load span node');
    assert.deepEqual(res.usage, {
      prompt_tokens: 5,
      completion_tokens: 8,
      total_tokens: 13,
      prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
      completion_tokens_details: {
        reasoning_tokens: 0,
        audio_tokens: 0,
        accepted_prediction_tokens: 0,
        rejected_prediction_tokens: 0,
      },
    });
    assert.equal(expectedUsage({ body }).inputTokens, 5);
  });

  void it('returns n choices and n times the completion tokens', async () => {
    const res = await client.chat.completions.create({
      model: 'gpt-4o',
      n: 3,
      messages: [{ role: 'user', content: 'hi' }],
    });
    assert.deepEqual(
      res.choices.map(c => [c.index, c.message.content, c.finish_reason]),
      [0, 1, 2].map(i => [i, expectedText(), 'stop']),
    );
    assert.equal(res.usage?.completion_tokens, 24);
    assert.equal(res.usage?.total_tokens, 25);
  });

  void it('calls the first tool with schema-derived arguments and finish_reason tool_calls', async () => {
    const res = await client.chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'weather in Paris?' }],
      tools: [WEATHER_TOOL],
    });
    const choice = res.choices[0];
    assert.equal(choice?.finish_reason, 'tool_calls');
    assert.equal(choice?.message.content, null);
    assert.deepEqual(
      choice?.message.tool_calls?.map(
        t =>
          t.type === 'function' && [
            t.function.name,
            JSON.parse(t.function.arguments),
          ],
      ),
      [['get_weather', { city: 'mock', days: 42 }]],
    );
    assert.match(
      choice?.message.tool_calls?.[0]?.id ?? '',
      /^call_[0-9a-f]{24}$/,
    );
  });

  void it('answers in text once the conversation ends with a tool result', async () => {
    const res = await client.chat.completions.create({
      model: 'gpt-4o',
      messages: [
        { role: 'user', content: 'weather?' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            {
              id: 'call_1',
              type: 'function',
              function: { name: 'get_weather', arguments: '{}' },
            },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: 'sunny and warm' },
      ],
      tools: [WEATHER_TOOL],
    });
    assert.equal(res.choices[0]?.finish_reason, 'stop');
    assert.equal(res.choices[0]?.message.content, expectedText());
    // weather? + sunny and warm
    assert.equal(res.usage?.prompt_tokens, 4);
  });

  void it('streams the pieces and a usage-only final chunk with include_usage', async () => {
    const stream = await client.chat.completions.create({
      model: 'gpt-4o~chunks=3,tokens=6,cache_read=10,reasoning=2',
      messages: [{ role: 'user', content: 'stream please' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const contents: string[] = [];
    const finish: Array<string | null> = [];
    let usage: unknown;
    let chunks = 0;
    for await (const chunk of stream) {
      chunks++;
      for (const c of chunk.choices) {
        if (c.delta.content) contents.push(c.delta.content);
        if (c.finish_reason !== null) finish.push(c.finish_reason);
      }
      if (chunk.usage) {
        assert.deepEqual(chunk.choices, []);
        usage = chunk.usage;
      }
    }
    assert.equal(chunks, 6); // role, 3 pieces, finish, usage
    assert.deepEqual(contents, ['time call', ' test from', ' data load']);
    assert.deepEqual(finish, ['stop']);
    assert.deepEqual(usage, {
      prompt_tokens: 12,
      completion_tokens: 8,
      total_tokens: 20,
      prompt_tokens_details: { cached_tokens: 10, audio_tokens: 0 },
      completion_tokens_details: {
        reasoning_tokens: 2,
        audio_tokens: 0,
        accepted_prediction_tokens: 0,
        rejected_prediction_tokens: 0,
      },
    });
  });

  void it('streams without usage when include_usage is not set', async () => {
    const stream = await client.chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'x' }],
      stream: true,
    });
    const seen: unknown[] = [];
    for await (const chunk of stream) seen.push(chunk.usage);
    assert.deepEqual(seen, Array(10).fill(undefined));
  });

  void it('streams tool call arguments in pieces', async () => {
    const stream = client.chat.completions.stream({
      model: 'gpt-4o~chunks=4',
      messages: [{ role: 'user', content: 'weather?' }],
      tools: [WEATHER_TOOL],
    });
    const final = await stream.finalChatCompletion();
    assert.equal(final.choices[0]?.finish_reason, 'tool_calls');
    const call = final.choices[0]?.message.tool_calls?.[0];
    assert.equal(
      call?.type === 'function' && call.function.arguments,
      '{"city":"mock","days":42}',
    );
  });
});
