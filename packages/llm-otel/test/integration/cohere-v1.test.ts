// The real cohere-ai v1 client (CohereClient) through capture and the
// recorder, against @x/mock-llm speaking the Cohere v1 wire format: usage on
// our span equals the billed units the app received.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CohereClient } from 'cohere-ai';
import { useMockLlmTelemetry } from './mock-llm-telemetry.js';

let client: CohereClient;
const env = useMockLlmTelemetry({}, () => {
  client = new CohereClient({ token: 'co-secret', environment: env.mock.url });
});

const common = () => ({
  'gen_ai.provider.name': 'cohere',
  'server.address': '127.0.0.1',
  'server.port': env.mock.port,
  'llm_otel.feature': 'unattributed',
});

void describe('cohere-ai CohereClient (v1) through the recorder', () => {
  void it('chat: billed units, response_id and finish reason on the span', async () => {
    const model = 'command-r-plus-08-2024~tokens=5';
    const r = await client.chat({
      model,
      message: 'say hello to the world',
      temperature: 0.2,
      maxTokens: 100,
      k: 10,
      p: 0.9,
    });
    assert.deepEqual(r.meta?.billedUnits, { inputTokens: 5, outputTokens: 5 });
    const span = env.telemetry.ours()[0]!;
    assert.equal(span.name, `chat ${model}`);
    assert.deepEqual(span.attributes, {
      'gen_ai.operation.name': 'chat',
      ...common(),
      'gen_ai.request.model': model,
      'gen_ai.request.temperature': 0.2,
      'gen_ai.request.max_tokens': 100,
      'gen_ai.request.top_k': 10,
      'gen_ai.request.top_p': 0.9,
      'gen_ai.response.id': r.responseId,
      'gen_ai.response.model': model,
      'gen_ai.response.finish_reasons': ['COMPLETE'],
      'gen_ai.usage.input_tokens': 5,
      'gen_ai.usage.output_tokens': 5,
      'llm_otel.outcome': 'success',
    });
    const m = await env.telemetry.metrics();
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

  void it('chatStream: NDJSON stream, usage from stream-end, time to first chunk', async () => {
    const model = 'command-r-08-2024~tokens=3';
    const stream = await client.chatStream({ model, message: 'hi there' });
    let text = '';
    let end:
      { responseId?: string; meta?: { billedUnits?: unknown } } | undefined;
    for await (const event of stream) {
      if (event.eventType === 'text-generation') text += event.text;
      if (event.eventType === 'stream-end') end = event.response;
    }
    assert.equal(text.split(' ').length, 3);
    assert.deepEqual(end?.meta?.billedUnits, {
      inputTokens: 2,
      outputTokens: 3,
    });
    const span = env.telemetry.ours()[0]!;
    const ttfc = span.attributes['gen_ai.response.time_to_first_chunk'];
    assert.equal(typeof ttfc, 'number');
    assert.deepEqual(span.attributes, {
      'gen_ai.operation.name': 'chat',
      ...common(),
      'gen_ai.request.model': model,
      'gen_ai.request.stream': true,
      'gen_ai.response.id': end?.responseId,
      'gen_ai.response.model': model,
      'gen_ai.response.finish_reasons': ['COMPLETE'],
      'gen_ai.usage.input_tokens': 2,
      'gen_ai.usage.output_tokens': 3,
      'gen_ai.response.time_to_first_chunk': ttfc,
      'llm_otel.outcome': 'success',
    });
  });

  void it('generate: text_completion with two generations', async () => {
    const model = 'command~tokens=4';
    const r = await client.generate({
      model,
      prompt: 'Once upon a time',
      numGenerations: 2,
    });
    assert.equal(r.generations.length, 2);
    const span = env.telemetry.ours()[0]!;
    assert.equal(span.name, `text_completion ${model}`);
    assert.deepEqual(span.attributes, {
      'gen_ai.operation.name': 'text_completion',
      ...common(),
      'gen_ai.request.model': model,
      'gen_ai.request.choice.count': 2,
      'gen_ai.response.id': r.id,
      'gen_ai.response.model': model,
      'gen_ai.response.finish_reasons': ['COMPLETE', 'COMPLETE'],
      'gen_ai.usage.input_tokens': 4,
      'gen_ai.usage.output_tokens': 8,
      'llm_otel.outcome': 'success',
    });
  });

  void it('embed: embeddings span with dimension and input tokens', async () => {
    const model = 'embed-english-v3.0';
    const r = await client.embed({
      model,
      texts: ['a b c', 'd'],
      inputType: 'search_document',
    });
    const span = env.telemetry.ours()[0]!;
    assert.deepEqual(span.attributes, {
      'gen_ai.operation.name': 'embeddings',
      ...common(),
      'gen_ai.request.model': model,
      'gen_ai.response.id': r.id,
      'gen_ai.response.model': model,
      'gen_ai.embeddings.dimension.count': 8,
      'gen_ai.usage.input_tokens': 4,
      'llm_otel.outcome': 'success',
    });
  });

  void it('a 429 read by the app: rate_limited with the HTTP status as error type', async () => {
    await assert.rejects(
      client.chat({ model: 'command-r~429', message: 'hi' }, { maxRetries: 0 }),
    );
    const span = env.telemetry.ours()[0]!;
    assert.deepEqual(
      [
        span.attributes['error.type'],
        span.attributes['llm_otel.outcome'],
        span.status.code,
      ],
      ['429', 'rate_limited', 2],
    );
  });

  void it('does not interfere: the app gets the same stream events with and without the recorder', async () => {
    const read = async () => {
      const out: string[] = [];
      for await (const event of await client.chatStream({
        model: 'command-r~tokens=4',
        message: 'same',
      }))
        out.push(JSON.stringify(event));
      return out;
    };
    const withRecorder = await read();
    const without = await env.withoutRecorder(read);
    assert.deepEqual(withRecorder, without);
  });
});
