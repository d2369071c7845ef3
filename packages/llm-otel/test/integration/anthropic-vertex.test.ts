// The real @anthropic-ai/vertex-sdk client through capture and the recorder,
// against @x/mock-llm serving Vertex's publishers/anthropic paths. Only the
// Google auth client is stubbed (a fixed token). On loopback the backend is
// unknown, so the provider is gcp.gen_ai; on *aiplatform.googleapis.com it is
// gcp.vertex_ai (test/providers/gemini/vertex-partner-models.test.ts).
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { AnthropicVertex } from '@anthropic-ai/vertex-sdk';
import { startMockLlm } from '../../../mock-llm/src/index.js';
import type { MockLlm } from '../../../mock-llm/src/index.js';
import { setUpTelemetry } from './telemetry-setup.js';
import type { Telemetry } from './telemetry-setup.js';

type VertexOptions = NonNullable<
  ConstructorParameters<typeof AnthropicVertex>[0]
>;

const fixedToken = {
  projectId: 'my-proj',
  getRequestHeaders: () =>
    Promise.resolve(new Headers({ authorization: 'Bearer ya29.secret' })),
} as unknown as VertexOptions['authClient'];

let mock: MockLlm;
let telemetry: Telemetry;
let client: AnthropicVertex;

before(async () => {
  mock = await startMockLlm();
  telemetry = setUpTelemetry();
  client = new AnthropicVertex({
    baseURL: `${mock.url}/v1`,
    region: 'us-east5',
    authClient: fixedToken,
    maxRetries: 0,
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
  // The SDK sends x-stainless-retry-count.
  'llm_otel.attempt': 0,
  'gen_ai.provider.name': 'gcp.gen_ai',
  'server.address': '127.0.0.1',
  'server.port': mock.port,
  'llm_otel.feature': 'unattributed',
});

void describe('@anthropic-ai/vertex-sdk through the recorder', () => {
  void it('rawPredict: model from the URL, Anthropic usage with cache reads', async () => {
    const model = 'claude-sonnet-4-5@20250929~cache_read=3,tokens=5';
    const r = await client.messages.create({
      model,
      max_tokens: 64,
      messages: [{ role: 'user', content: 'hello there' }],
    });
    assert.equal(r.usage.input_tokens, 2);
    const ours = telemetry.ours();
    assert.equal(ours.length, 1);
    const span = ours[0]!;
    assert.equal(span.name, `chat ${model}`);
    assert.deepEqual(span.attributes, {
      ...common(),
      'gen_ai.request.model': model,
      'gen_ai.request.max_tokens': 64,
      'gen_ai.response.id': r.id,
      'gen_ai.response.model': model,
      'gen_ai.response.finish_reasons': ['end_turn'],
      'gen_ai.usage.input_tokens': 2 + 3,
      'gen_ai.usage.output_tokens': 5,
      'gen_ai.usage.cache_read.input_tokens': 3,
      'gen_ai.usage.cache_creation.input_tokens': 0,
      'llm_otel.outcome': 'success',
    });
    const m = await telemetry.metrics();
    assert.deepEqual(
      m
        .get('gen_ai.client.token.usage')
        ?.map(p => [p.attributes['gen_ai.token.type'], p.value]),
      [
        ['input', { count: 1, sum: 5 }],
        ['output', { count: 1, sum: 5 }],
      ],
    );
  });

  void it('streamRawPredict: stream from the URL, message_delta usage', async () => {
    const model = 'claude-haiku-4-5@20251001~tokens=3';
    const final = await client.messages
      .stream({
        model,
        max_tokens: 32,
        messages: [{ role: 'user', content: 'hi' }],
      })
      .finalMessage();
    const span = telemetry.ours()[0]!;
    const ttfc = span.attributes['gen_ai.response.time_to_first_chunk'];
    assert.equal(typeof ttfc, 'number');
    assert.deepEqual(span.attributes, {
      ...common(),
      'gen_ai.request.model': model,
      'gen_ai.request.max_tokens': 32,
      'gen_ai.request.stream': true,
      'gen_ai.response.id': final.id,
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

  void it('countTokens (count-tokens:rawPredict) records no span', async () => {
    const r = await client.messages.countTokens({
      model: 'claude-sonnet-4-5@20250929',
      messages: [{ role: 'user', content: 'one two three' }],
    });
    assert.deepEqual(r, { input_tokens: 3 });
    assert.deepEqual(telemetry.ours(), []);
  });

  void it('the access token never reaches span attributes', async () => {
    await client.messages.create({
      model: 'claude-sonnet-4-5@20250929',
      max_tokens: 8,
      messages: [{ role: 'user', content: 'hi' }],
    });
    assert.equal(
      mock.requests.at(-1)?.headers['authorization'],
      'Bearer ya29.secret',
    );
    const exported = JSON.stringify(
      telemetry.all().map(s => [s.name, s.attributes, s.events]),
    );
    assert.ok(!exported.includes('ya29'), exported);
  });
});
