// An app's own SDK with Views on our metrics: time_per_output_chunk stays an
// SDK instrument there (no producer of ours), so the Views apply to it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { setUpTelemetry } from './telemetry-setup.js';
import type { Telemetry } from './telemetry-setup.js';
import { sse, startWireServer } from './wire-server.js';
import type { WireServer } from './wire-server.js';

let server: WireServer;
let telemetry: Telemetry;
let client: OpenAI;

before(async () => {
  server = await startWireServer();
  telemetry = setUpTelemetry({}, [
    {
      instrumentName: 'gen_ai.client.operation.time_per_output_chunk',
      name: 'app.llm.chunk_gap',
    },
  ]);
  client = new OpenAI({
    apiKey: 'sk-secret-key',
    baseURL: `${server.origin}/v1`,
    maxRetries: 0,
  });
});
after(async () => {
  await telemetry.stop();
  await server.close();
});

void describe('an app MeterProvider with Views', () => {
  void it('applies the Views to time_per_output_chunk', async () => {
    const chunk = (content: string) => ({
      id: 'chatcmpl-v',
      object: 'chat.completion.chunk',
      created: 1,
      model: 'gpt-4o-mini-2024-07-18',
      choices: [{ index: 0, delta: { content }, finish_reason: null }],
    });
    server.reply({ chunks: sse([chunk('a'), chunk('b'), chunk('c')]) });
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
    });
    let text = '';
    for await (const c of stream) text += c.choices[0]?.delta.content ?? '';
    assert.equal(text, 'abc');
    const metrics = await telemetry.metrics();
    assert.deepEqual(
      {
        renamed: metrics
          .get('app.llm.chunk_gap')
          ?.map(p => (p.value as { count: number }).count),
        original: metrics.get('gen_ai.client.operation.time_per_output_chunk'),
        firstChunk: metrics
          .get('gen_ai.client.operation.time_to_first_chunk')
          ?.map(p => (p.value as { count: number }).count),
      },
      { renamed: [2], original: undefined, firstChunk: [1] },
    );
  });
});
