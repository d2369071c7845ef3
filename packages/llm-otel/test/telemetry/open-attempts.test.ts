// Open attempts are tracked from begin to end, and the exit hooks can end
// them: a call the process leaves mid-stream is exported as cancelled, with
// what arrived, instead of being lost.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import OpenAI from 'openai';
import { globalState } from '../../src/telemetry/global-state.js';
import {
  MAX_TRACKED,
  abandonOpenAttempts,
  trackOpenAttempt,
} from '../../src/telemetry/open-attempts.js';
import { useMockLlmTelemetry } from '../integration/mock-llm-telemetry.js';

let client: OpenAI;
const env = useMockLlmTelemetry({}, () => {
  client = new OpenAI({ baseURL: `${env.mock.url}/v1`, apiKey: 'sk-test' });
});

const openCount = () => globalState().openAttempts?.size ?? 0;

void describe('open attempts', () => {
  void it('are no longer tracked once they end', async () => {
    await client.chat.completions.create({
      model: 'gpt-4o-mini~tokens=2',
      messages: [{ role: 'user', content: 'hi' }],
    });
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini~tokens=2',
      stream: true,
      messages: [{ role: 'user', content: 'hi' }],
    });
    let parts = 0;
    for await (const part of stream) parts += part.choices.length;
    assert.ok(parts > 0);
    assert.equal(env.telemetry.ours().length, 2);
    assert.equal(openCount(), 0);
  });

  void it('abandoned, end as cancelled with what arrived', async () => {
    const model = 'gpt-4o-mini~chunks=3,chunk_delay=60000';
    const stream = await client.chat.completions.create({
      model,
      stream: true,
      messages: [{ role: 'user', content: 'hi' }],
    });
    const iterator = stream[Symbol.asyncIterator]();
    const first = await iterator.next();
    assert.equal(first.done, false);
    assert.equal(openCount(), 1);
    abandonOpenAttempts();
    assert.equal(openCount(), 0);
    const span = env.telemetry.ours()[0]!;
    const ttfc = span.attributes['gen_ai.response.time_to_first_chunk'];
    assert.equal(typeof ttfc, 'number');
    assert.deepEqual(
      [span.name, span.status.code, span.attributes],
      [
        `chat ${model}`,
        0,
        {
          'gen_ai.operation.name': 'chat',
          'gen_ai.provider.name': 'openai_compatible',
          'server.address': '127.0.0.1',
          'server.port': env.mock.port,
          'llm_otel.feature': 'unattributed',
          'llm_otel.attempt': 0,
          'gen_ai.request.model': model,
          'gen_ai.request.stream': true,
          'gen_ai.response.id': first.value!.id,
          'gen_ai.response.model': model,
          'gen_ai.response.finish_reasons': ['error'],
          'gen_ai.response.time_to_first_chunk': ttfc,
          'llm_otel.outcome': 'canceled',
        },
      ],
    );
    // Later events of the abandoned call change nothing.
    stream.controller.abort();
    await iterator.next().catch(() => undefined);
    assert.equal(env.telemetry.ours().length, 1);
  });

  void it('are tracked up to a bound, then no longer', () => {
    let abandoned = 0;
    for (let i = 0; i < MAX_TRACKED + 5; i++)
      trackOpenAttempt({ abandon: () => abandoned++ });
    assert.equal(openCount(), MAX_TRACKED);
    abandonOpenAttempts();
    assert.deepEqual([abandoned, openCount()], [MAX_TRACKED, 0]);
  });
});
