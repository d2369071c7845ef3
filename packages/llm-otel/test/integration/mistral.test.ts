// The real @mistralai/mistralai client through capture and the recorder,
// against @x/mock-llm. Its stream reader cancels the body on `[DONE]`,
// before the body's end: that is a finished call, not a cancelled one.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Mistral } from '@mistralai/mistralai';
import { eventually } from '../capture/fake-recorder.js';
import { useMockLlmTelemetry } from './mock-llm-telemetry.js';

let client: Mistral;
const env = useMockLlmTelemetry({}, () => {
  client = new Mistral({ serverURL: env.mock.url, apiKey: 'mistral-secret' });
});

const common = () => ({
  'gen_ai.operation.name': 'chat',
  'gen_ai.provider.name': 'mistral_ai',
  'server.address': '127.0.0.1',
  'server.port': env.mock.port,
  'llm_otel.feature': 'unattributed',
});

void describe('Mistral client through the recorder', () => {
  void it('chat.complete: usage and finish reason on the span', async () => {
    const model = 'mistral-small-latest~tokens=4';
    const r = await client.chat.complete({
      model,
      messages: [{ role: 'user', content: 'say hello' }],
      temperature: 0.1,
    });
    assert.deepEqual(
      env.telemetry.ours().map(s => [s.name, s.status.code, s.attributes]),
      [
        [
          `chat ${model}`,
          0,
          {
            ...common(),
            'gen_ai.request.model': model,
            'gen_ai.request.temperature': 0.1,
            'gen_ai.response.id': r.id,
            'gen_ai.response.model': model,
            'gen_ai.response.finish_reasons': ['stop'],
            'gen_ai.usage.input_tokens': r.usage.promptTokens,
            'gen_ai.usage.output_tokens': 4,
            'llm_otel.outcome': 'success',
          },
        ],
      ],
    );
  });

  void it('chat.stream: a success, though the SDK cancels the body on [DONE]', async () => {
    const model = 'mistral-small-latest~tokens=3';
    let id = '';
    let usage: { promptTokens?: number } | undefined;
    for await (const event of await client.chat.stream({
      model,
      messages: [{ role: 'user', content: 'hi there' }],
    })) {
      id = event.data.id;
      usage = event.data.usage ?? usage;
    }
    await eventually(() => env.telemetry.ours().length === 1);
    const span = env.telemetry.ours()[0]!;
    const ttfc = span.attributes['gen_ai.response.time_to_first_chunk'];
    assert.equal(typeof ttfc, 'number');
    assert.deepEqual(
      [span.name, span.status.code, span.attributes],
      [
        `chat ${model}`,
        0,
        {
          ...common(),
          'gen_ai.request.model': model,
          'gen_ai.request.stream': true,
          'gen_ai.response.id': id,
          'gen_ai.response.model': model,
          'gen_ai.response.finish_reasons': ['stop'],
          'gen_ai.usage.input_tokens': usage?.promptTokens,
          'gen_ai.usage.output_tokens': 3,
          'gen_ai.response.time_to_first_chunk': ttfc,
          'llm_otel.outcome': 'success',
        },
      ],
    );
  });

  void it('embeddings.create: input tokens, the response id, no output tokens', async () => {
    const r = await client.embeddings.create({
      model: 'mistral-embed',
      inputs: ['bonjour le monde', 'salut'],
    });
    assert.deepEqual(
      env.telemetry.ours().map(s => [s.name, s.status.code, s.attributes]),
      [
        [
          'embeddings mistral-embed',
          0,
          {
            ...common(),
            'gen_ai.operation.name': 'embeddings',
            'gen_ai.request.model': 'mistral-embed',
            'gen_ai.embeddings.dimension.count': r.data[0]?.embedding?.length,
            'gen_ai.response.id': r.id,
            'gen_ai.response.model': 'mistral-embed',
            'gen_ai.usage.input_tokens': r.usage.promptTokens,
            'llm_otel.outcome': 'success',
          },
        ],
      ],
    );
  });

  void it('beta.conversations.start: model and usage of the answer, the conversation id', async () => {
    const model = 'mistral-medium-latest~tokens=5';
    const r = await client.beta.conversations.start({
      model,
      inputs: 'say hello',
      completionArgs: { temperature: 0.2, maxTokens: 64 },
    });
    assert.deepEqual(
      env.telemetry.ours().map(s => [s.name, s.status.code, s.attributes]),
      [
        [
          `chat ${model}`,
          0,
          {
            ...common(),
            'gen_ai.request.model': model,
            'gen_ai.request.temperature': 0.2,
            'gen_ai.request.max_tokens': 64,
            'gen_ai.response.model': model,
            'gen_ai.conversation.id': r.conversationId,
            'gen_ai.usage.input_tokens': r.usage.promptTokens,
            'gen_ai.usage.output_tokens': 5,
            'llm_otel.outcome': 'success',
          },
        ],
      ],
    );
  });

  void it('beta.conversations.appendStream: the model the answer names, one chunk per delta', async () => {
    const deltas: string[] = [];
    let usage: { promptTokens?: number } | undefined;
    for await (const event of await client.beta.conversations.appendStream({
      conversationId: 'conv_42',
      conversationAppendStreamRequest: { inputs: 'and then?' },
    })) {
      if (event.data.type === 'message.output.delta')
        deltas.push(String(event.data.content));
      if (event.data.type === 'conversation.response.done')
        usage = event.data.usage;
    }
    await eventually(() => env.telemetry.ours().length === 1);
    const span = env.telemetry.ours()[0]!;
    const ttfc = span.attributes['gen_ai.response.time_to_first_chunk'];
    assert.equal(typeof ttfc, 'number');
    assert.deepEqual(
      [span.name, span.status.code, span.attributes],
      [
        'chat',
        0,
        {
          ...common(),
          'gen_ai.conversation.id': 'conv_42',
          'gen_ai.request.stream': true,
          'gen_ai.response.model': 'mistral-medium-latest',
          'gen_ai.usage.input_tokens': usage?.promptTokens,
          'gen_ai.usage.output_tokens': deltas.length,
          'gen_ai.response.time_to_first_chunk': ttfc,
          'llm_otel.outcome': 'success',
        },
      ],
    );
    const m = await env.telemetry.metrics();
    assert.deepEqual(
      m
        .get('gen_ai.client.operation.time_per_output_chunk')
        ?.map(p => [
          p.attributes['gen_ai.response.model'],
          (p.value as { count: number }).count,
        ]),
      [['mistral-medium-latest', deltas.length - 1]],
    );
  });
});
