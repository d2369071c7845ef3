// Vercel ai with @ai-sdk/google-vertex/anthropic through capture and the
// recorder, against @x/mock-llm serving Vertex's publishers/anthropic paths.
// Only the token source is stubbed (the provider's generateAuthToken option).
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createVertexAnthropic } from '@ai-sdk/google-vertex/anthropic';
import { generateText, streamText } from 'ai';
import { startMockLlm } from '../../../mock-llm/src/index.js';
import type { MockLlm } from '../../../mock-llm/src/index.js';
import { setUpTelemetry } from './telemetry-setup.js';
import type { Telemetry } from './telemetry-setup.js';

let mock: MockLlm;
let telemetry: Telemetry;
let vertex: ReturnType<typeof createVertexAnthropic>;

before(async () => {
  mock = await startMockLlm();
  telemetry = setUpTelemetry();
  vertex = createVertexAnthropic({
    baseURL: `${mock.url}/v1/projects/my-proj/locations/europe-west1/publishers/anthropic/models`,
    generateAuthToken: () => Promise.resolve('ya29.vercel-secret'),
  });
});
after(async () => {
  await telemetry.stop();
  await mock.close();
});
beforeEach(async () => {
  mock.reset();
  await telemetry.reset();
});

const common = () => ({
  'gen_ai.operation.name': 'chat',
  // Loopback: backend unknown. gcp.vertex_ai on *aiplatform.googleapis.com.
  'gen_ai.provider.name': 'gcp.gen_ai',
  'server.address': '127.0.0.1',
  'server.port': mock.port,
  'llm_otel.feature': 'unattributed',
});

void describe('Vercel ai with @ai-sdk/google-vertex/anthropic', () => {
  void it('generateText: rawPredict with the model from the URL', async () => {
    const model = 'claude-sonnet-4-5@20250929~tokens=4,cache_write=7';
    const r = await generateText({
      model: vertex(model),
      prompt: 'hello there',
      maxOutputTokens: 50,
    });
    assert.equal(r.text.split(' ').length, 4);
    const seen = mock.requests.at(-1);
    assert.match(seen?.path ?? '', /:rawPredict$/);
    assert.equal(seen?.headers['authorization'], 'Bearer ya29.vercel-secret');
    const body = seen?.json as Record<string, unknown>;
    assert.equal(body['model'], undefined);
    assert.equal(body['anthropic_version'], 'vertex-2023-10-16');
    const span = telemetry.ours()[0]!;
    assert.deepEqual(span.attributes, {
      ...common(),
      'gen_ai.request.model': model,
      'gen_ai.request.max_tokens': 50,
      'gen_ai.response.id': r.response.id,
      'gen_ai.response.model': model,
      'gen_ai.response.finish_reasons': ['end_turn'],
      'gen_ai.usage.input_tokens': 2 + 7,
      'gen_ai.usage.output_tokens': 4,
      'gen_ai.usage.cache_read.input_tokens': 0,
      'gen_ai.usage.cache_creation.input_tokens': 7,
      'llm_otel.outcome': 'success',
    });
    assert.ok(!JSON.stringify(span.attributes).includes('ya29'));
  });

  void it('streamText: streamRawPredict, usage from message_delta', async () => {
    const model = 'claude-haiku-4-5@20251001~tokens=3';
    const result = streamText({
      model: vertex(model),
      prompt: 'hi',
      maxOutputTokens: 20,
    });
    let text = '';
    for await (const t of result.textStream) text += t;
    assert.equal(text.split(' ').length, 3);
    assert.match(mock.requests.at(-1)?.path ?? '', /:streamRawPredict$/);
    const span = telemetry.ours()[0]!;
    const ttfc = span.attributes['gen_ai.response.time_to_first_chunk'];
    assert.equal(typeof ttfc, 'number');
    assert.deepEqual(span.attributes, {
      ...common(),
      'gen_ai.request.model': model,
      'gen_ai.request.max_tokens': 20,
      'gen_ai.request.stream': true,
      'gen_ai.response.id': (await result.response).id,
      'gen_ai.response.model': model,
      'gen_ai.response.finish_reasons': ['end_turn'],
      'gen_ai.usage.input_tokens': 1,
      'gen_ai.usage.output_tokens': 3,
      'gen_ai.usage.cache_read.input_tokens': 0,
      'gen_ai.usage.cache_creation.input_tokens': 0,
      'gen_ai.response.time_to_first_chunk': ttfc,
      'llm_otel.outcome': 'success',
    });
  });
});
