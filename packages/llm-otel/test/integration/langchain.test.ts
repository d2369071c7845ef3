// LangChain.js (@langchain/openai, @langchain/anthropic) through capture and
// the recorder, against @x/mock-llm. LangChain drives the openai and
// @anthropic-ai/sdk clients it depends on (its own nested copies here, not
// the app's), and we see their HTTP calls like any SDK's. Neither LangChain
// (without LangSmith) nor its @anthropic-ai/sdk emits a span of its own, so
// each call is exactly one span in the whole export: ours.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ChatAnthropic } from '@langchain/anthropic';
import type { ChatAnthropicInput } from '@langchain/anthropic';
import type { AIMessageChunk } from '@langchain/core/messages';
import { ChatOpenAI, OpenAIEmbeddings } from '@langchain/openai';
import type { ChatOpenAIFields } from '@langchain/openai';
import { eventually } from '../capture/fake-recorder.js';
import { useMockLlmTelemetry } from './mock-llm-telemetry.js';

const env = useMockLlmTelemetry();

const openai = (model: string, fields: ChatOpenAIFields = {}) =>
  new ChatOpenAI({
    model,
    apiKey: 'sk-langchain-secret',
    configuration: { baseURL: `${env.mock.url}/v1` },
    ...fields,
  });

const anthropic = (model: string, fields: ChatAnthropicInput = {}) =>
  new ChatAnthropic({
    model,
    apiKey: 'sk-ant-langchain-secret',
    anthropicApiUrl: env.mock.url,
    ...fields,
  });

const common = (provider: string, operation = 'chat') => ({
  'gen_ai.operation.name': operation,
  'gen_ai.provider.name': provider,
  'server.address': '127.0.0.1',
  'server.port': env.mock.port,
  'llm_otel.feature': 'unattributed',
  // Both clients are Stainless SDKs, which number their attempts. LangChain
  // sets their maxRetries to 0 and retries by calling again, so its own
  // retries are announced as attempt 0 too: the recorder counts them (see
  // the 429 test).
  'llm_otel.attempt': 0,
});

/** Every finished span, whatever its scope: name, status, attributes. */
const spans = () =>
  env.telemetry
    .all()
    .map(s => [s.instrumentationScope.name, s.name, s.status, s.attributes]);

/** The one span of a stream, once the recorder has ended it. */
async function streamSpan() {
  await eventually(() => env.telemetry.all().length > 0);
  const [span, ...more] = env.telemetry.all();
  assert.deepEqual(more, []);
  const ttfc = span!.attributes['gen_ai.response.time_to_first_chunk'];
  assert.equal(typeof ttfc, 'number');
  return { span: span!, ttfc };
}

/** Input and output tokens as LangChain reports them on a message. */
const tokens = (message: AIMessageChunk) => [
  message.usage_metadata?.input_tokens,
  message.usage_metadata?.output_tokens,
];

async function collect(
  chunks: AsyncIterable<AIMessageChunk>,
): Promise<AIMessageChunk> {
  let message: AIMessageChunk | undefined;
  for await (const chunk of chunks)
    message = message === undefined ? chunk : message.concat(chunk);
  assert.ok(message);
  return message;
}

const weather = {
  type: 'function' as const,
  function: {
    name: 'weather',
    description: 'Weather for a city',
    parameters: {
      type: 'object',
      properties: { city: { type: 'string' }, days: { type: 'integer' } },
      required: ['city'],
    },
  },
};

void describe('LangChain ChatOpenAI through the recorder', () => {
  void it('a 429 LangChain retries itself: the retry numbered 1, though its SDK announces 0', async () => {
    const model = 'gpt-4o-mini~fault=429,retry_after=0';
    await assert.rejects(openai(model, { maxRetries: 1 }).invoke('hi'), {
      status: 429,
    });
    const failed = {
      ...common('openai_compatible'),
      'gen_ai.request.model': model,
      'error.type': 'rate_limit_exceeded',
      'llm_otel.outcome': 'rate_limited',
    };
    assert.deepEqual(spans(), [
      ['@x/llm-otel', `chat ${model}`, { code: 2 }, failed],
      [
        '@x/llm-otel',
        `chat ${model}`,
        { code: 2 },
        { ...failed, 'llm_otel.attempt': 1 },
      ],
    ]);
  });

  void it('invoke: request parameters, usage, finish reason and response id on the span', async () => {
    const model = 'gpt-4o-mini~tokens=4';
    const r = await openai(model, {
      temperature: 0.2,
      maxTokens: 50,
      topP: 0.9,
      frequencyPenalty: 0.5,
      presencePenalty: 0.25,
      stop: ['END'],
    }).invoke('say hello to the world', { seed: 7 });
    // 5 input words, 4 output tokens (the model's ~tokens=4).
    assert.deepEqual(tokens(r), [5, 4]);
    assert.match(r.id ?? '', /^chatcmpl-[0-9a-f]{24}$/);
    assert.deepEqual(spans(), [
      [
        '@x/llm-otel',
        `chat ${model}`,
        { code: 0 },
        {
          ...common('openai_compatible'),
          'gen_ai.request.model': model,
          'gen_ai.request.temperature': 0.2,
          'gen_ai.request.max_tokens': 50,
          'gen_ai.request.top_p': 0.9,
          'gen_ai.request.frequency_penalty': 0.5,
          'gen_ai.request.presence_penalty': 0.25,
          'gen_ai.request.stop_sequences': ['END'],
          'gen_ai.request.seed': 7,
          'gen_ai.response.id': r.id,
          'gen_ai.response.model': model,
          'gen_ai.response.finish_reasons': ['stop'],
          'gen_ai.usage.input_tokens': 5,
          'gen_ai.usage.output_tokens': 4,
          'gen_ai.usage.cache_read.input_tokens': 0,
          'gen_ai.usage.reasoning.output_tokens': 0,
          'llm_otel.outcome': 'success',
        },
      ],
    ]);
    const m = await env.telemetry.metrics();
    assert.deepEqual(
      m
        .get('gen_ai.client.token.usage')
        ?.map(p => [p.attributes['gen_ai.token.type'], p.value]),
      [
        ['input', { count: 1, sum: 5 }],
        ['output', { count: 1, sum: 4 }],
      ],
    );
    // The API key never reaches telemetry.
    assert.ok(!JSON.stringify(spans()).includes('sk-langchain-secret'));
  });

  void it('stream: LangChain asks for include_usage, and the usage chunk reaches the span', async () => {
    const model = 'gpt-4o-mini~tokens=3';
    const message = await collect(await openai(model).stream('hi there'));
    assert.deepEqual(
      env.mock.requests.map(
        q => (q.json as { stream_options?: unknown }).stream_options,
      ),
      [{ include_usage: true }],
    );
    // 2 input words, 3 output tokens.
    assert.deepEqual(tokens(message), [2, 3]);
    const { span, ttfc } = await streamSpan();
    assert.deepEqual(
      [span.name, span.status, span.attributes],
      [
        `chat ${model}`,
        { code: 0 },
        {
          ...common('openai_compatible'),
          'gen_ai.request.model': model,
          'gen_ai.request.stream': true,
          'gen_ai.response.id': message.id,
          'gen_ai.response.model': model,
          'gen_ai.response.finish_reasons': ['stop'],
          'gen_ai.usage.input_tokens': 2,
          'gen_ai.usage.output_tokens': 3,
          'gen_ai.usage.cache_read.input_tokens': 0,
          'gen_ai.usage.reasoning.output_tokens': 0,
          'gen_ai.response.time_to_first_chunk': ttfc,
          'llm_otel.outcome': 'success',
        },
      ],
    );
    const m = await env.telemetry.metrics();
    const counts = (name: string) =>
      m.get(name)?.map(p => (p.value as { count: number }).count);
    assert.deepEqual(
      counts('gen_ai.client.operation.time_to_first_chunk'),
      [1],
    );
  });

  void it('bindTools: a tool call answered with finish reason tool_calls', async () => {
    const model = 'gpt-4o~tokens=6';
    const r = await openai(model)
      .bindTools([weather])
      .invoke('weather in Paris?');
    // The mock calls the first tool, filling each property of its schema.
    assert.deepEqual(
      r.tool_calls?.map(c => [c.name, c.args]),
      [['weather', { city: 'mock', days: 42 }]],
    );
    assert.deepEqual(spans(), [
      [
        '@x/llm-otel',
        `chat ${model}`,
        { code: 0 },
        {
          ...common('openai_compatible'),
          'gen_ai.request.model': model,
          'gen_ai.response.id': r.id,
          'gen_ai.response.model': model,
          'gen_ai.response.finish_reasons': ['tool_calls'],
          // Three words; the tool schema does not count.
          'gen_ai.usage.input_tokens': 3,
          'gen_ai.usage.output_tokens': 6,
          'gen_ai.usage.cache_read.input_tokens': 0,
          'gen_ai.usage.reasoning.output_tokens': 0,
          'llm_otel.outcome': 'success',
        },
      ],
    ]);
  });

  void it('useResponsesApi: the Responses call is a chat span with its usage', async () => {
    const model = 'gpt-4o~tokens=2';
    const r = await openai(model, { useResponsesApi: true }).invoke(
      'one two three four',
    );
    assert.deepEqual(
      env.mock.requests.map(q => q.path),
      ['/v1/responses'],
    );
    assert.match(r.id ?? '', /^resp_[0-9a-f]{24}$/);
    assert.deepEqual(spans(), [
      [
        '@x/llm-otel',
        `chat ${model}`,
        { code: 0 },
        {
          ...common('openai_compatible'),
          'gen_ai.request.model': model,
          'gen_ai.response.id': r.id,
          'gen_ai.response.model': model,
          'gen_ai.response.finish_reasons': ['stop'],
          'gen_ai.usage.input_tokens': 4,
          'gen_ai.usage.output_tokens': 2,
          'gen_ai.usage.cache_read.input_tokens': 0,
          'gen_ai.usage.reasoning.output_tokens': 0,
          'llm_otel.outcome': 'success',
        },
      ],
    ]);
  });
});

void describe('LangChain ChatAnthropic through the recorder', () => {
  void it('invoke: request parameters, usage, finish reason and response id on the span', async () => {
    const model = 'claude-sonnet-4-5~tokens=4';
    const r = await anthropic(model, {
      maxTokens: 64,
      temperature: 0.4,
      topK: 5,
    }).invoke('say hello', { stop: ['END'] });
    assert.deepEqual(tokens(r), [2, 4]);
    assert.match(r.id ?? '', /^msg_[0-9a-f]{24}$/);
    assert.deepEqual(spans(), [
      [
        '@x/llm-otel',
        `chat ${model}`,
        { code: 0 },
        {
          ...common('anthropic'),
          'gen_ai.request.model': model,
          'gen_ai.request.max_tokens': 64,
          'gen_ai.request.temperature': 0.4,
          'gen_ai.request.top_k': 5,
          'gen_ai.request.stop_sequences': ['END'],
          'gen_ai.response.id': r.id,
          'gen_ai.response.model': model,
          'gen_ai.response.finish_reasons': ['end_turn'],
          'gen_ai.usage.input_tokens': 2,
          'gen_ai.usage.output_tokens': 4,
          'gen_ai.usage.cache_read.input_tokens': 0,
          'gen_ai.usage.cache_creation.input_tokens': 0,
          'llm_otel.outcome': 'success',
        },
      ],
    ]);
    assert.ok(!JSON.stringify(spans()).includes('sk-ant-langchain-secret'));
  });

  void it('stream with a bound tool: tool_use, and the final usage of message_delta', async () => {
    const model = 'claude-sonnet-4-5~tokens=3';
    const message = await collect(
      await anthropic(model, { maxTokens: 128 })
        .bindTools([weather])
        .stream('weather please'),
    );
    assert.deepEqual(
      message.tool_calls?.map(c => [c.name, c.args]),
      [['weather', { city: 'mock', days: 42 }]],
    );
    // LangChain adds message_start's output_tokens (1) to message_delta's
    // cumulative count (3); the call produced 3, as the span says.
    assert.deepEqual(tokens(message), [2, 4]);
    const { span, ttfc } = await streamSpan();
    assert.deepEqual(
      [span.name, span.status, span.attributes],
      [
        `chat ${model}`,
        { code: 0 },
        {
          ...common('anthropic'),
          'gen_ai.request.model': model,
          'gen_ai.request.stream': true,
          'gen_ai.request.max_tokens': 128,
          'gen_ai.response.id': message.id,
          'gen_ai.response.model': model,
          'gen_ai.response.finish_reasons': ['tool_use'],
          'gen_ai.usage.input_tokens': 2,
          'gen_ai.usage.output_tokens': 3,
          'gen_ai.usage.cache_read.input_tokens': 0,
          'gen_ai.usage.cache_creation.input_tokens': 0,
          'gen_ai.response.time_to_first_chunk': ttfc,
          'llm_otel.outcome': 'success',
        },
      ],
    );
  });
});

void describe('LangChain OpenAIEmbeddings through the recorder', () => {
  void it('embedDocuments: one embeddings span for the batch', async () => {
    const model = 'text-embedding-3-small';
    const vectors = await new OpenAIEmbeddings({
      model,
      dimensions: 4,
      apiKey: 'sk-langchain-secret',
      configuration: { baseURL: `${env.mock.url}/v1` },
    }).embedDocuments(['a b c', 'd e']);
    assert.deepEqual(
      vectors.map(v => v.length),
      [4, 4],
    );
    assert.deepEqual(spans(), [
      [
        '@x/llm-otel',
        `embeddings ${model}`,
        { code: 0 },
        {
          ...common('openai_compatible', 'embeddings'),
          'gen_ai.request.model': model,
          // The openai client asks for base64 unless told otherwise.
          'gen_ai.request.encoding_formats': ['base64'],
          'gen_ai.response.model': model,
          // Five words across the two inputs.
          'gen_ai.usage.input_tokens': 5,
          'gen_ai.embeddings.dimension.count': 4,
          'llm_otel.outcome': 'success',
        },
      ],
    ]);
  });

  void it('embedQuery: one embeddings span', async () => {
    const model = 'text-embedding-3-large';
    const vector = await new OpenAIEmbeddings({
      model,
      apiKey: 'sk-langchain-secret',
      configuration: { baseURL: `${env.mock.url}/v1` },
    }).embedQuery('what is a span');
    assert.equal(vector.length, 8);
    assert.deepEqual(spans(), [
      [
        '@x/llm-otel',
        `embeddings ${model}`,
        { code: 0 },
        {
          ...common('openai_compatible', 'embeddings'),
          'gen_ai.request.model': model,
          'gen_ai.request.encoding_formats': ['base64'],
          'gen_ai.response.model': model,
          'gen_ai.usage.input_tokens': 4,
          'gen_ai.embeddings.dimension.count': 8,
          'llm_otel.outcome': 'success',
        },
      ],
    ]);
  });
});
