// The real ollama client (fetch) through capture and the recorder, against
// @x/mock-llm speaking Ollama's NDJSON wire format. ollama-js returns from its
// stream on the `done: true` line without reading the body's end: the span
// must still end, as a success, with the usage of that line.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Ollama } from 'ollama';
import { startMockLlm } from '../../../mock-llm/src/index.js';
import type { MockLlm } from '../../../mock-llm/src/index.js';
import { eventually } from '../capture/fake-recorder.js';
import { useMockLlmTelemetry } from './mock-llm-telemetry.js';

let client: Ollama;
const env = useMockLlmTelemetry({}, () => {
  client = new Ollama({ host: env.mock.url });
});

const common = () => ({
  'gen_ai.provider.name': 'ollama',
  'server.address': '127.0.0.1',
  'server.port': env.mock.port,
  'llm_otel.feature': 'unattributed',
});

void describe('ollama client through the recorder', () => {
  void it('chat: usage, finish reason and request parameters on the span', async () => {
    const model = 'llama3.2~tokens=4';
    const r = await client.chat({
      model,
      messages: [{ role: 'user', content: 'say hello' }],
      options: { temperature: 0.3, num_predict: 50 },
    });
    assert.deepEqual([r.prompt_eval_count, r.eval_count], [2, 4]);
    assert.deepEqual(
      env.telemetry.ours().map(s => [s.name, s.attributes]),
      [
        [
          `chat ${model}`,
          {
            'gen_ai.operation.name': 'chat',
            ...common(),
            'gen_ai.request.model': model,
            'gen_ai.request.temperature': 0.3,
            'gen_ai.request.max_tokens': 50,
            'gen_ai.response.model': model,
            'gen_ai.response.finish_reasons': ['stop'],
            'gen_ai.usage.input_tokens': 2,
            'gen_ai.usage.output_tokens': 4,
            'llm_otel.outcome': 'success',
          },
        ],
      ],
    );
  });

  void it('chat stream: ends as a success though ollama-js stops at the done line', async () => {
    const model = 'llama3.2~tokens=3';
    let text = '';
    let last: { prompt_eval_count?: number; eval_count?: number } = {};
    for await (const part of await client.chat({
      model,
      stream: true,
      messages: [{ role: 'user', content: 'hi there' }],
    })) {
      text += part.message.content;
      last = part;
    }
    assert.equal(text.trim().split(' ').length, 3);
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
          'gen_ai.operation.name': 'chat',
          ...common(),
          'gen_ai.request.model': model,
          'gen_ai.request.stream': true,
          'gen_ai.response.model': model,
          'gen_ai.response.finish_reasons': ['stop'],
          'gen_ai.usage.input_tokens': last.prompt_eval_count,
          'gen_ai.usage.output_tokens': 3,
          'gen_ai.response.time_to_first_chunk': ttfc,
          'llm_otel.outcome': 'success',
        },
      ],
    );
    const m = await env.telemetry.metrics();
    assert.deepEqual(
      m
        .get('gen_ai.client.token.usage')
        ?.map(p => [p.attributes['gen_ai.token.type'], p.value]),
      [
        ['input', { count: 1, sum: last.prompt_eval_count }],
        ['output', { count: 1, sum: 3 }],
      ],
    );
  });

  void it('embed: embeddings span with input tokens', async () => {
    const model = 'all-minilm';
    const r = await client.embed({ model, input: ['a b c', 'd'] });
    assert.equal(r.embeddings.length, 2);
    assert.deepEqual(
      env.telemetry.ours().map(s => s.attributes),
      [
        {
          'gen_ai.operation.name': 'embeddings',
          ...common(),
          'gen_ai.request.model': model,
          'gen_ai.response.model': model,
          'gen_ai.embeddings.dimension.count': r.embeddings[0]!.length,
          'gen_ai.usage.input_tokens': r.prompt_eval_count,
          'llm_otel.outcome': 'success',
        },
      ],
    );
  });

  // Off Ollama's port, `/api/embeddings` may be any OpenAI-compatible server's.
  void it("legacy embeddings on Ollama's own port: an Ollama embeddings span", async t => {
    let own: MockLlm;
    try {
      own = await startMockLlm({ port: 11434 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
      t.skip('port 11434 is taken (a local Ollama?)');
      return;
    }
    try {
      const model = 'nomic-embed-text';
      const legacy = new Ollama({ host: own.url });
      const r = await legacy.embeddings({ model, prompt: 'a b' });
      assert.equal(r.embedding.length, 8);
      assert.deepEqual(
        env.telemetry.ours().map(s => [s.name, s.attributes]),
        [
          [
            `embeddings ${model}`,
            {
              'gen_ai.operation.name': 'embeddings',
              ...common(),
              'server.port': 11434,
              'gen_ai.request.model': model,
              'gen_ai.embeddings.dimension.count': 8,
              'llm_otel.outcome': 'success',
            },
          ],
        ],
      );
    } finally {
      await own.close();
    }
  });

  void it('does not interfere: the app gets the same stream parts with and without the recorder', async () => {
    const read = async () => {
      const out: string[] = [];
      for await (const part of await client.chat({
        model: 'llama3.2~tokens=4',
        stream: true,
        messages: [{ role: 'user', content: 'same' }],
      }))
        out.push(JSON.stringify({ ...part, created_at: undefined }));
      return out;
    };
    const withRecorder = await read();
    const without = await env.withoutRecorder(read);
    assert.deepEqual(withRecorder, without);
  });
});
