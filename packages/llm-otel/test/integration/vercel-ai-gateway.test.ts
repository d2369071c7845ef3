// Vercel `ai` through its default provider for model strings, the Vercel AI
// Gateway (@ai-sdk/gateway), against @x/mock-llm speaking the gateway's
// protocol: the SDK's own call options out, its generate result or stream
// parts back, the model id in a header. Named after the model's provider.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createGateway, embed, generateText, streamText } from 'ai';
import { eventually } from '../capture/fake-recorder.js';
import { useMockLlmTelemetry } from './mock-llm-telemetry.js';

let gateway: ReturnType<typeof createGateway>;
const env = useMockLlmTelemetry({}, () => {
  gateway = createGateway({ baseURL: `${env.mock.url}/v3/ai`, apiKey: 'k' });
});

const where = () => ({
  'server.address': '127.0.0.1',
  'server.port': env.mock.port,
  'llm_otel.feature': 'unattributed',
});

void describe('Vercel ai through the AI Gateway', () => {
  void it('generateText: openai, the bare model, usage and the raw finish reason', async () => {
    const r = await generateText({
      model: gateway('openai/gpt-5~tokens=4'),
      prompt: 'say hello',
      temperature: 0.2,
      maxOutputTokens: 64,
    });
    assert.equal(r.usage.outputTokens, 4);
    assert.deepEqual(
      env.telemetry.ours().map(s => [s.name, s.status.code, s.attributes]),
      [
        [
          'chat gpt-5~tokens=4',
          0,
          {
            'gen_ai.operation.name': 'chat',
            'gen_ai.provider.name': 'openai',
            ...where(),
            'gen_ai.request.model': 'gpt-5~tokens=4',
            'gen_ai.request.temperature': 0.2,
            'gen_ai.request.max_tokens': 64,
            'gen_ai.response.id': r.providerMetadata?.['gateway']?.[
              'generationId'
            ] as string,
            'gen_ai.response.model': 'gpt-5~tokens=4',
            'gen_ai.response.finish_reasons': ['stop'],
            'gen_ai.usage.input_tokens': r.usage.inputTokens,
            'gen_ai.usage.output_tokens': 4,
            'gen_ai.usage.cache_read.input_tokens': 0,
            'gen_ai.usage.cache_creation.input_tokens': 0,
            'gen_ai.usage.reasoning.output_tokens': 0,
            'llm_otel.outcome': 'success',
          },
        ],
      ],
    );
  });

  void it('streamText: a stream span, one chunk per text delta', async () => {
    const result = streamText({
      model: gateway('anthropic/claude-sonnet-4~tokens=3'),
      prompt: 'say hello',
    });
    let deltas = 0;
    for await (const part of result.fullStream)
      if (part.type === 'text-delta') deltas++;
    const usage = await result.usage;
    await eventually(() => env.telemetry.ours().length === 1);
    const span = env.telemetry.ours()[0]!;
    const ttfc = span.attributes['gen_ai.response.time_to_first_chunk'];
    assert.equal(typeof ttfc, 'number');
    assert.deepEqual(
      [span.name, span.attributes['gen_ai.provider.name']],
      ['chat claude-sonnet-4~tokens=3', 'anthropic'],
    );
    assert.deepEqual(
      {
        stream: span.attributes['gen_ai.request.stream'],
        model: span.attributes['gen_ai.response.model'],
        input: span.attributes['gen_ai.usage.input_tokens'],
        output: span.attributes['gen_ai.usage.output_tokens'],
        outcome: span.attributes['llm_otel.outcome'],
      },
      {
        stream: true,
        model: 'claude-sonnet-4~tokens=3',
        input: usage.inputTokens,
        output: 3,
        outcome: 'success',
      },
    );
    const m = await env.telemetry.metrics();
    assert.deepEqual(
      m
        .get('gen_ai.client.operation.time_per_output_chunk')
        ?.map(p => (p.value as { count: number }).count),
      [deltas - 1],
    );
  });

  void it('embed: an embeddings span with the token usage', async () => {
    const r = await embed({
      model: gateway.textEmbeddingModel('openai/text-embedding-3-small'),
      value: 'one two three',
    });
    assert.deepEqual(
      env.telemetry.ours().map(s => [s.name, s.attributes]),
      [
        [
          'embeddings text-embedding-3-small',
          {
            'gen_ai.operation.name': 'embeddings',
            'gen_ai.provider.name': 'openai',
            ...where(),
            'gen_ai.request.model': 'text-embedding-3-small',
            'gen_ai.embeddings.dimension.count': r.embedding.length,
            'gen_ai.usage.input_tokens': r.usage.tokens,
            'llm_otel.outcome': 'success',
          },
        ],
      ],
    );
  });
});
