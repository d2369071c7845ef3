// A redirect is not the model's answer. fetch follows it inside one call;
// axios and node-fetch follow it over node:http with a second request. Either
// way the app makes one LLM call, and telemetry must show one attempt, not a
// failed one beside it (error rates and alerts would count the hop).
import assert from 'node:assert/strict';
import { createServer, request } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { useMockLlmTelemetry } from './mock-llm-telemetry.js';

const env = useMockLlmTelemetry();

/** Answers every request with a 307 to the same path on the mock. */
let redirector: Server;
let redirectOrigin = '';
const redirectPort = () => (redirector.address() as AddressInfo).port;
before(async () => {
  redirector = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(307, { location: `${env.mock.url}${req.url ?? '/'}` });
      res.end();
    });
  });
  await new Promise<void>(resolve =>
    redirector.listen(0, '127.0.0.1', resolve),
  );
  redirectOrigin = `http://127.0.0.1:${redirectPort()}`;
});
after(() => redirector.close());

/** POSTs JSON over node:http and follows redirects, as follow-redirects does. */
function postFollowing(url: string, body: string, hops = 3): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', headers: { 'content-type': 'application/json' } },
      res => {
        const location = res.headers.location;
        if (res.statusCode === 307 && location !== undefined && hops > 0) {
          res.resume();
          resolve(postFollowing(location, body, hops - 1));
          return;
        }
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve(text));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const model = 'gpt-4o-mini~tokens=3';

/** Each recorded attempt: where it went, how it ended, its output tokens. */
const attempts = () =>
  env.telemetry
    .ours()
    .map(s => [
      s.attributes['server.port'],
      s.attributes['llm_otel.outcome'],
      s.attributes['gen_ai.usage.output_tokens'],
    ]);

void describe('a redirected LLM call', () => {
  // fetch reports the call as the app made it: to the URL it asked for.
  void it('openai over fetch: one span, with the answer of the redirect target', async () => {
    const client = new OpenAI({
      apiKey: 'sk-test',
      baseURL: `${redirectOrigin}/v1`,
      maxRetries: 0,
    });
    const r = await client.chat.completions.create({
      model,
      messages: [{ role: 'user', content: 'hello there' }],
    });
    assert.deepEqual(attempts(), [
      [redirectPort(), 'success', r.usage!.completion_tokens],
    ]);
  });

  void it('a client that follows it over node:http: the hop is not an attempt', async () => {
    const text = await postFollowing(
      `${redirectOrigin}/v1/chat/completions`,
      JSON.stringify({
        model,
        messages: [{ role: 'user', content: 'hello there' }],
      }),
    );
    const r = JSON.parse(text) as { usage: { completion_tokens: number } };
    assert.deepEqual(attempts(), [
      [env.mock.port, 'success', r.usage.completion_tokens],
    ]);
    const durations = (await env.telemetry.metrics()).get(
      'gen_ai.client.operation.duration',
    );
    assert.deepEqual(
      durations?.map(p => [
        p.attributes['server.port'],
        (p.value as { count: number }).count,
      ]),
      [[env.mock.port, 1]],
    );
  });
});
