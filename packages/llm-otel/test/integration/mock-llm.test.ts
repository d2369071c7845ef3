// Real clients against @x/mock-llm (the project's mock LLM server, used from
// source): usage on our span equals what the app received, retried faults
// give one span per attempt, and provider error codes become error.type.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import OpenAI from 'openai';
import { useMockLlmTelemetry } from './mock-llm-telemetry.js';
import { attemptRows } from './telemetry-setup.js';

const env = useMockLlmTelemetry();

const openai = (scenario: string, maxRetries = 0) =>
  new OpenAI({
    apiKey: 'sk-secret',
    baseURL: `${env.mock.url}/v1`,
    maxRetries,
    defaultHeaders: { 'x-mock-scenario': scenario },
  });

void describe('real clients against @x/mock-llm', () => {
  void it('openai stream: span usage equals the usage the app received', async () => {
    const stream = await openai(
      'tokens=6,cache_read=2',
    ).chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'one two three four' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let usage: OpenAI.CompletionUsage | undefined | null;
    let chunks = 0;
    for await (const c of stream) {
      chunks++;
      usage = c.usage ?? usage;
    }
    assert.ok(usage);
    const span = env.telemetry.ours()[0]!;
    assert.deepEqual(
      {
        input: span.attributes['gen_ai.usage.input_tokens'],
        output: span.attributes['gen_ai.usage.output_tokens'],
        cacheRead: span.attributes['gen_ai.usage.cache_read.input_tokens'],
        outcome: span.attributes['llm_otel.outcome'],
      },
      {
        input: usage.prompt_tokens,
        output: usage.completion_tokens,
        cacheRead: usage.prompt_tokens_details?.cached_tokens,
        outcome: 'success',
      },
    );
    assert.ok(chunks > 1);
    const m = await env.telemetry.metrics();
    assert.deepEqual(
      m.get('gen_ai.client.token.usage')?.map(p => p.value),
      [
        { count: 1, sum: usage.prompt_tokens },
        { count: 1, sum: usage.completion_tokens },
      ],
    );
  });

  void it('openai retried 429: attempt 0 rate_limited, attempt 1 success', async () => {
    // The SDK cancels the 429 body unread; the dispatcher tap saw it arrive.
    const r = await openai(
      'fault=429-once,retry_after=0',
      2,
    ).chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'hi' }],
    });
    assert.ok(r.choices[0]?.message.content);
    assert.deepEqual(attemptRows(env.telemetry.ours()), [
      [0, 'rate_limited', 'rate_limit_exceeded'],
      [1, 'success', undefined],
    ]);
  });

  void it('openai 429 read by the app (no retries left): error.type is the provider code', async () => {
    await assert.rejects(
      openai('fault=429').chat.completions.create({
        model: 'gpt-4o',
        messages: [{ role: 'user', content: 'hi' }],
      }),
      OpenAI.RateLimitError,
    );
    const span = env.telemetry.ours()[0]!;
    assert.deepEqual(
      [
        span.attributes['error.type'],
        span.attributes['llm_otel.outcome'],
        span.status.code,
      ],
      ['rate_limit_exceeded', 'rate_limited', 2],
    );
  });

  // On a host we do not know only the body proves an LLM call: capture must
  // read it whatever shape the app gives it in.
  void it('raw fetch with a Blob body: the body is read, the call recorded', async () => {
    const res = await fetch(`${env.mock.url}/v1/chat/completions`, {
      method: 'POST',
      body: new Blob(
        [JSON.stringify({ model: 'gpt-4o', messages: [], temperature: 0.5 })],
        { type: 'application/json' },
      ),
    });
    const r = (await res.json()) as OpenAI.ChatCompletion;
    assert.deepEqual(
      env.telemetry
        .ours()
        .map(s => [
          s.attributes['gen_ai.request.model'],
          s.attributes['gen_ai.request.temperature'],
          s.attributes['gen_ai.usage.output_tokens'],
        ]),
      [['gpt-4o', 0.5, r.usage?.completion_tokens]],
    );
  });
});
