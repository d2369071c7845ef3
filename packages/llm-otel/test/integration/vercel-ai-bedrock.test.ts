// Vercel `ai` with @ai-sdk/amazon-bedrock against @x/mock-llm: Bedrock over
// fetch (SigV4-signed by the provider, not the AWS SDK's node:http2), its
// Converse JSON and its binary event stream through global fetch.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createAmazonBedrock } from '@ai-sdk/amazon-bedrock';
import { generateText, streamText } from 'ai';
import { useMockLlmTelemetry } from './mock-llm-telemetry.js';
import { attemptRows } from './telemetry-setup.js';

const env = useMockLlmTelemetry();

const NOVA = 'amazon.nova-lite-v1:0';
const SECRET = 'bedrock-secret-key';

function bedrock(scenario?: string) {
  return createAmazonBedrock({
    baseURL: env.mock.url,
    region: 'us-east-1',
    accessKeyId: 'AKIDEXAMPLE',
    secretAccessKey: SECRET,
    ...(scenario === undefined
      ? {}
      : { headers: { 'x-mock-scenario': scenario } }),
  });
}

const base = () => ({
  'gen_ai.operation.name': 'chat',
  'gen_ai.provider.name': 'aws.bedrock',
  'gen_ai.request.model': NOVA,
  'server.address': '127.0.0.1',
  'server.port': env.mock.port,
  'llm_otel.feature': 'unattributed',
});

void describe('Vercel ai with @ai-sdk/amazon-bedrock (Bedrock over fetch)', () => {
  void it('generateText: a Converse chat span with the usage the app received', async () => {
    const r = await generateText({
      model: bedrock()(NOVA),
      prompt: 'Say hello to the world',
      temperature: 0.5,
      maxOutputTokens: 100,
    });
    assert.deepEqual(
      [r.usage.inputTokens, r.usage.outputTokens, r.finishReason],
      [5, 8, 'stop'],
    );
    const spans = env.telemetry.ours();
    assert.equal(spans.length, 1);
    assert.deepEqual(spans[0]!.attributes, {
      ...base(),
      'gen_ai.request.temperature': 0.5,
      'gen_ai.request.max_tokens': 100,
      'gen_ai.response.id': r.response.headers?.['x-amzn-requestid'],
      'gen_ai.response.finish_reasons': ['end_turn'],
      'gen_ai.usage.input_tokens': 5,
      'gen_ai.usage.output_tokens': 8,
      'llm_otel.outcome': 'success',
    });
    const m = await env.telemetry.metrics();
    assert.deepEqual(
      m.get('gen_ai.client.token.usage')?.map(p => p.value),
      [
        { count: 1, sum: 5 },
        { count: 1, sum: 8 },
      ],
    );
  });

  void it('streamText: the event stream is parsed as it passes, usage and time to first chunk recorded', async () => {
    const r = streamText({
      model: bedrock('tokens=6')(NOVA),
      prompt: 'Say hello to the world',
    });
    let text = '';
    for await (const delta of r.textStream) text += delta;
    const usage = await r.usage;
    const { headers } = await r.response;
    assert.deepEqual(
      [text.split(' ').length, usage.inputTokens, usage.outputTokens],
      [6, 5, 6],
    );
    const spans = env.telemetry.ours();
    assert.equal(spans.length, 1);
    const { 'gen_ai.response.time_to_first_chunk': ttfc, ...rest } =
      spans[0]!.attributes;
    assert.equal(typeof ttfc, 'number');
    assert.deepEqual(rest, {
      ...base(),
      'gen_ai.request.stream': true,
      'gen_ai.response.id': headers?.['x-amzn-requestid'],
      'gen_ai.response.finish_reasons': ['end_turn'],
      'gen_ai.usage.input_tokens': 5,
      'gen_ai.usage.output_tokens': 6,
      'llm_otel.outcome': 'success',
    });
  });

  void it('a throttled call retried by ai: one span per attempt, the second numbered 1', async () => {
    const r = await generateText({
      model: bedrock('fault=429-once,retry_after=0')(NOVA),
      prompt: 'Say hello to the world',
      maxRetries: 1,
    });
    assert.equal(r.usage.outputTokens, 8);
    assert.deepEqual(
      attemptRows(env.telemetry.ours(), s => [s.status.code]),
      [
        [undefined, 'rate_limited', 'ThrottlingException', 2],
        [1, 'success', undefined, 0],
      ],
    );
  });

  void it('the SigV4 signature and secret key appear in no span', async () => {
    await generateText({
      model: bedrock()(NOVA),
      prompt: 'Say hello to the world',
    });
    const exported = JSON.stringify(
      env.telemetry.all().map(s => [s.name, s.attributes, s.events]),
    );
    assert.deepEqual(
      ['AWS4-HMAC-SHA256', 'Signature=', SECRET, 'AKIDEXAMPLE'].filter(s =>
        exported.includes(s),
      ),
      [],
    );
  });
});
