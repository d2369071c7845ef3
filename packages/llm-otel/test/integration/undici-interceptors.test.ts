// undici's interceptors change what reaches the wire: `dns` dispatches to the
// resolved address (the name goes in Host), `retry` repeats an attempt below
// fetch or fails the call on an answer it cannot repeat. Telemetry must still
// name the provider the app called and say what the server answered.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  Agent,
  getGlobalDispatcher,
  interceptors,
  request,
  setGlobalDispatcher,
} from 'undici';
import { useMockLlmTelemetry } from './mock-llm-telemetry.js';

const env = useMockLlmTelemetry();

const body = JSON.stringify({
  model: 'gpt-4o-mini',
  messages: [{ role: 'user', content: 'hello there' }],
});

/** What each recorded attempt says, in the order they ended. */
const attempts = () =>
  env.telemetry.ours().map(s => ({
    provider: s.attributes['gen_ai.provider.name'],
    address: s.attributes['server.address'],
    outcome: s.attributes['llm_otel.outcome'],
    errorType: s.attributes['error.type'],
    outputTokens: s.attributes['gen_ai.usage.output_tokens'],
  }));

void describe("undici's interceptors", () => {
  void it('dns: the span names the host the app called, not the address it resolved to', async () => {
    const agent = new Agent().compose(
      interceptors.dns({
        lookup: (_origin, _options, callback) =>
          callback(null, [{ address: '127.0.0.1', family: 4, ttl: 10_000 }]),
      }),
    );
    try {
      // A known provider's host name, resolved to the mock on loopback.
      const port = new URL(env.mock.url).port;
      const res = await request(
        `http://api.openai.com:${port}/v1/chat/completions`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
          dispatcher: agent,
        },
      );
      const answer = (await res.body.json()) as {
        usage: { completion_tokens: number };
      };
      assert.deepEqual(attempts(), [
        {
          provider: 'openai',
          address: 'api.openai.com',
          outcome: 'success',
          errorType: undefined,
          outputTokens: answer.usage.completion_tokens,
        },
      ]);
    } finally {
      await agent.close();
    }
  });

  void it('retry: a 429 it cannot retry under fetch counts as rate limited, not as a network error', async () => {
    const previous = getGlobalDispatcher();
    const agent = new Agent().compose(
      interceptors.retry({ maxRetries: 1, minTimeout: 1, maxTimeout: 1 }),
    );
    setGlobalDispatcher(agent);
    try {
      const failure = await fetch(`${env.mock.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: body.replace('gpt-4o-mini', 'gpt-4o-mini~429-once'),
      }).then(
        () => undefined,
        (error: unknown) => error,
      );
      // What the app sees is undici's own doing, with or without us.
      assert.equal(
        (failure as { cause?: { code?: string } } | undefined)?.cause?.code,
        'UND_ERR_REQ_RETRY',
      );
      assert.deepEqual(attempts(), [
        {
          provider: 'openai_compatible',
          address: '127.0.0.1',
          outcome: 'rate_limited',
          errorType: '429',
          outputTokens: undefined,
        },
      ]);
    } finally {
      setGlobalDispatcher(previous);
      await agent.close();
    }
  });
});
