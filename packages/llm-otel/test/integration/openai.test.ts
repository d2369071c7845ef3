// The real `openai` client against a loopback server speaking the OpenAI
// wire format: exact span attributes and metric values.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import OpenAI from 'openai';
import { cancelLater } from '../cancel-later.js';
import { setUpTelemetry } from './telemetry-setup.js';
import type { Telemetry } from './telemetry-setup.js';
import { sse, startWireServer } from './wire-server.js';
import type { WireServer } from './wire-server.js';

let server: WireServer;
let telemetry: Telemetry;
let client: OpenAI;

before(async () => {
  server = await startWireServer();
  telemetry = setUpTelemetry();
  // Constructed after capture is installed, as under register.
  client = new OpenAI({
    apiKey: 'sk-secret-key',
    baseURL: `${server.origin}/v1`,
    maxRetries: 2,
  });
});
after(async () => {
  await telemetry.stop();
  await server.close();
});
beforeEach(() => telemetry.reset());

const common = () => ({
  'gen_ai.provider.name': 'openai_compatible',
  'server.address': '127.0.0.1',
  'server.port': Number(new URL(server.origin).port),
  'llm_otel.feature': 'unattributed',
});

const metricBase = (model: string, responseModel: string) => ({
  'gen_ai.operation.name': 'chat',
  ...common(),
  'gen_ai.request.model': model,
  'gen_ai.response.model': responseModel,
});

void describe('openai client', () => {
  void it('non-stream chat with a tool call', async () => {
    server.reply({
      body: {
        id: 'chatcmpl-tool',
        object: 'chat.completion',
        created: 1,
        model: 'gpt-4o-2024-08-06',
        choices: [
          {
            index: 0,
            message: {
              role: 'assistant',
              content: null,
              tool_calls: [
                {
                  id: 'call_1',
                  type: 'function',
                  function: { name: 'weather', arguments: '{"city":"Paris"}' },
                },
              ],
            },
            finish_reason: 'tool_calls',
          },
        ],
        usage: {
          prompt_tokens: 40,
          completion_tokens: 12,
          total_tokens: 52,
          prompt_tokens_details: { cached_tokens: 8 },
        },
        system_fingerprint: 'fp_1',
      },
    });
    const r = await client.chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'Weather in Paris?' }],
      tools: [
        {
          type: 'function',
          function: { name: 'weather', parameters: { type: 'object' } },
        },
      ],
      max_tokens: 50,
      seed: 7,
    });
    assert.equal(r.choices[0]?.finish_reason, 'tool_calls');
    const spans = telemetry.ours();
    assert.equal(spans.length, 1);
    const span = spans[0]!;
    assert.deepEqual(
      [span.name, span.kind, span.status.code],
      ['chat gpt-4o', SpanKind.CLIENT, SpanStatusCode.UNSET],
    );
    assert.deepEqual(span.attributes, {
      'gen_ai.operation.name': 'chat',
      ...common(),
      'gen_ai.request.model': 'gpt-4o',
      'gen_ai.request.max_tokens': 50,
      'gen_ai.request.seed': 7,
      'llm_otel.attempt': 0,
      'gen_ai.response.id': 'chatcmpl-tool',
      'gen_ai.response.model': 'gpt-4o-2024-08-06',
      'gen_ai.response.finish_reasons': ['tool_calls'],
      'gen_ai.usage.input_tokens': 40,
      'gen_ai.usage.output_tokens': 12,
      'gen_ai.usage.cache_read.input_tokens': 8,
      'llm_otel.outcome': 'success',
    });
    const m = await telemetry.metrics();
    assert.deepEqual(m.get('gen_ai.client.token.usage'), [
      {
        attributes: {
          ...metricBase('gpt-4o', 'gpt-4o-2024-08-06'),
          'gen_ai.token.type': 'input',
        },
        value: { count: 1, sum: 40 },
      },
      {
        attributes: {
          ...metricBase('gpt-4o', 'gpt-4o-2024-08-06'),
          'gen_ai.token.type': 'output',
        },
        value: { count: 1, sum: 12 },
      },
    ]);
    // Secrets never reach telemetry.
    assert.ok(!JSON.stringify(span.attributes).includes('sk-secret-key'));
  });

  void it('stream with include_usage', async () => {
    const chunk = (delta: object, finish: string | null) => ({
      id: 'chatcmpl-s',
      object: 'chat.completion.chunk',
      created: 1,
      model: 'gpt-4o-mini-2024-07-18',
      choices: [{ index: 0, delta, finish_reason: finish }],
    });
    server.reply({
      chunks: sse([
        chunk({ role: 'assistant', content: '' }, null),
        chunk({ content: 'Hel' }, null),
        chunk({ content: 'lo' }, null),
        chunk({}, 'stop'),
        {
          id: 'chatcmpl-s',
          object: 'chat.completion.chunk',
          created: 1,
          model: 'gpt-4o-mini-2024-07-18',
          choices: [],
          usage: {
            prompt_tokens: 10,
            completion_tokens: 2,
            total_tokens: 12,
            completion_tokens_details: { reasoning_tokens: 0 },
          },
        },
      ]),
    });
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    for await (const c of stream) text += c.choices[0]?.delta.content ?? '';
    assert.equal(text, 'Hello');
    const span = telemetry.ours()[0]!;
    const ttfc = span.attributes['gen_ai.response.time_to_first_chunk'];
    assert.equal(typeof ttfc, 'number');
    assert.deepEqual(span.attributes, {
      'gen_ai.operation.name': 'chat',
      ...common(),
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.request.stream': true,
      'llm_otel.attempt': 0,
      'gen_ai.response.id': 'chatcmpl-s',
      'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.usage.input_tokens': 10,
      'gen_ai.usage.output_tokens': 2,
      'gen_ai.usage.reasoning.output_tokens': 0,
      'gen_ai.response.time_to_first_chunk': ttfc,
      'llm_otel.outcome': 'success',
    });
    const m = await telemetry.metrics();
    const counts = (name: string) =>
      m.get(name)?.map(p => (p.value as { count: number }).count);
    assert.deepEqual(
      counts('gen_ai.client.operation.time_to_first_chunk'),
      [1],
    );
    assert.equal(
      counts('gen_ai.client.operation.time_per_output_chunk')?.length,
      1,
    );
  });

  void it('embeddings', async () => {
    server.reply({
      body: {
        object: 'list',
        data: [{ object: 'embedding', index: 0, embedding: [0.1, 0.2, 0.3] }],
        model: 'text-embedding-3-small',
        usage: { prompt_tokens: 5, total_tokens: 5 },
      },
    });
    const r = await client.embeddings.create({
      model: 'text-embedding-3-small',
      input: 'hello',
      encoding_format: 'float',
    });
    assert.deepEqual(r.data[0]?.embedding, [0.1, 0.2, 0.3]);
    const span = telemetry.ours()[0]!;
    assert.equal(span.name, 'embeddings text-embedding-3-small');
    assert.deepEqual(span.attributes, {
      'gen_ai.operation.name': 'embeddings',
      ...common(),
      'gen_ai.request.model': 'text-embedding-3-small',
      'gen_ai.request.encoding_formats': ['float'],
      'llm_otel.attempt': 0,
      'gen_ai.response.model': 'text-embedding-3-small',
      'gen_ai.usage.input_tokens': 5,
      'gen_ai.embeddings.dimension.count': 3,
      'llm_otel.outcome': 'success',
    });
    const m = await telemetry.metrics();
    assert.deepEqual(
      m.get('gen_ai.client.token.usage')?.map(p => p.value),
      [{ count: 1, sum: 5 }],
    );
  });

  void it('a 429 retried by the SDK: one span per attempt, numbered', async () => {
    server.reply(
      {
        status: 429,
        headers: { 'retry-after-ms': '1' },
        body: {
          error: {
            message: 'Rate limit reached for gpt-4o',
            type: 'requests',
            code: 'rate_limit_exceeded',
          },
        },
      },
      {
        body: {
          id: 'chatcmpl-ok',
          object: 'chat.completion',
          created: 1,
          model: 'gpt-4o-2024-08-06',
          choices: [
            {
              index: 0,
              message: { role: 'assistant', content: 'ok' },
              finish_reason: 'stop',
            },
          ],
          usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 },
        },
      },
    );
    const r = await client.chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'hi' }],
    });
    assert.equal(r.choices[0]?.message.content, 'ok');
    const [first, second] = telemetry.ours();
    assert.deepEqual(first!.status, { code: SpanStatusCode.ERROR });
    assert.deepEqual(first!.attributes, {
      'gen_ai.operation.name': 'chat',
      ...common(),
      'gen_ai.request.model': 'gpt-4o',
      'llm_otel.attempt': 0,
      'llm_otel.outcome': 'rate_limited',
      // The SDK cancels the body of a response it retries, unread; the
      // dispatcher tap saw it arrive.
      'error.type': 'rate_limit_exceeded',
    });
    assert.deepEqual(
      [
        second!.attributes['llm_otel.attempt'],
        second!.attributes['llm_otel.outcome'],
      ],
      [1, 'success'],
    );
    const m = await telemetry.metrics();
    assert.deepEqual(
      m
        .get('gen_ai.client.operation.duration')
        ?.map(p => [
          p.attributes['error.type'],
          (p.value as { count: number }).count,
        ]),
      [
        ['rate_limit_exceeded', 1],
        [undefined, 1],
      ],
    );
  });
});

void describe('openai client, error read by the app', () => {
  void it('takes error.type from the provider error code when the SDK reads the body', async () => {
    const noRetry = new OpenAI({
      apiKey: 'sk-secret-key',
      baseURL: `${server.origin}/v1`,
      maxRetries: 0,
    });
    server.reply({
      status: 404,
      body: {
        error: {
          message: 'The model `gpt-9` does not exist',
          type: 'invalid_request_error',
          code: 'model_not_found',
        },
      },
    });
    await assert.rejects(
      noRetry.chat.completions.create({
        model: 'gpt-9',
        messages: [{ role: 'user', content: 'hi' }],
      }),
      OpenAI.NotFoundError,
    );
    const span = telemetry.ours()[0]!;
    assert.deepEqual(
      [
        span.attributes['error.type'],
        span.attributes['llm_otel.outcome'],
        span.status.code,
      ],
      ['model_not_found', 'client_error', SpanStatusCode.ERROR],
    );
  });
});

void describe('openai client, a stream labelled application/json (some gateways)', () => {
  const chunk = (content: string | null, reason: string | null) => ({
    id: 'chatcmpl-label',
    object: 'chat.completion.chunk',
    model: 'gpt-4o-mini-2024-07-18',
    choices: [
      {
        index: 0,
        delta: content === null ? {} : { content },
        finish_reason: reason,
      },
    ],
  });
  const ask = () =>
    client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
      stream_options: { include_usage: true },
    });
  const ending = () => {
    const span = telemetry.ours()[0]!;
    return {
      outcome: span.attributes['llm_otel.outcome'],
      errorType: span.attributes['error.type'],
      usage: [
        span.attributes['gen_ai.usage.input_tokens'],
        span.attributes['gen_ai.usage.output_tokens'],
      ],
      reasons: span.attributes['gen_ai.response.finish_reasons'],
    };
  };

  void it('is read as the event stream the SDK reads, not as a malformed body', async () => {
    server.reply({
      headers: { 'content-type': 'application/json' },
      // A blank line first: the first byte that is not whitespace decides.
      chunks: [
        '\n',
        ...sse([
          chunk('Hel', null),
          chunk('lo', null),
          chunk(null, 'stop'),
          {
            ...chunk(null, null),
            choices: [],
            usage: { prompt_tokens: 4, completion_tokens: 2, total_tokens: 6 },
          },
        ]),
      ],
    });
    let text = '';
    for await (const event of await ask())
      text += event.choices[0]?.delta?.content ?? '';
    assert.equal(text, 'Hello');
    assert.deepEqual(ending(), {
      outcome: 'success',
      errorType: undefined,
      usage: [4, 2],
      reasons: ['stop'],
    });
  });

  void it('is read as a body when it is one (an error object for a stream request)', async () => {
    server.reply({
      headers: { 'content-type': 'application/json' },
      body: {
        error: {
          message: 'context too long',
          type: 'invalid_request_error',
          code: 'context_length_exceeded',
        },
      },
    });
    // The SDK reads it as a stream: no event, no text.
    let events = 0;
    for await (const event of await ask()) events += event ? 1 : 0;
    assert.equal(events, 0);
    assert.deepEqual(ending(), {
      outcome: 'client_error',
      errorType: 'context_length_exceeded',
      usage: [undefined, undefined],
      reasons: undefined,
    });
  });
});

void describe('openai client, a 2xx it cannot read', () => {
  /** How our first span says the attempt ended. */
  const ending = () => {
    const span = telemetry.ours()[0]!;
    return {
      outcome: span.attributes['llm_otel.outcome'],
      errorType: span.attributes['error.type'],
      status: span.status.code,
    };
  };
  const assertMalformed = () =>
    assert.deepEqual(ending(), {
      outcome: 'server_error',
      errorType: 'malformed_response',
      status: SpanStatusCode.ERROR,
    });
  const noRetry = () =>
    new OpenAI({
      apiKey: 'sk-secret-key',
      baseURL: `${server.origin}/v1`,
      maxRetries: 0,
    });

  void it('an HTML page served with 200 is a malformed_response server error; the app gets what the SDK makes of it, as without us', async () => {
    const page =
      '<!DOCTYPE html><html><body>Sign in to the proxy</body></html>';
    server.reply({ headers: { 'content-type': 'text/html' }, body: page });
    // The openai SDK hands a non-JSON answer over as text.
    const answer: unknown = await noRetry().chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'hi' }],
    });
    assert.equal(answer, page);
    assertMalformed();
    const durations = (await telemetry.metrics()).get(
      'gen_ai.client.operation.duration',
    );
    assert.deepEqual(
      durations?.map(p => p.attributes['error.type']),
      ['malformed_response'],
    );
  });

  void it('an empty 200 body is malformed too (the SDK fails to parse it); an empty 204, which the SDK takes as null, is a success', async () => {
    const ask = () =>
      noRetry().chat.completions.create({
        model: 'gpt-4o',
        messages: [{ role: 'user', content: 'hi' }],
      });
    server.reply({ body: '' });
    await assert.rejects(ask(), SyntaxError);
    assertMalformed();
    await telemetry.reset();
    server.reply({ status: 204, body: '' });
    assert.equal(await ask(), null);
    assert.deepEqual(ending(), {
      outcome: 'success',
      errorType: undefined,
      status: SpanStatusCode.UNSET,
    });
  });

  void it('a stream that ends in good order before any choice finished is cut short: malformed, though the SDK ends it quietly', async () => {
    server.reply({
      headers: { 'content-type': 'text/event-stream' },
      chunks: sse(
        [
          {
            id: 'chatcmpl-c',
            object: 'chat.completion.chunk',
            model: 'gpt-4o-mini',
            choices: [
              { index: 0, delta: { content: 'Hel' }, finish_reason: null },
            ],
          },
        ],
        false,
      ),
    });
    const stream = await noRetry().chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
    });
    let text = '';
    for await (const event of stream)
      text += event.choices[0]?.delta.content ?? '';
    assert.equal(text, 'Hel');
    assertMalformed();
    assert.deepEqual(
      telemetry.ours()[0]!.attributes['gen_ai.response.finish_reasons'],
      ['error'],
    );
  });

  void it('a stream with a garbled event is malformed too, not a cancel, though the SDK gives up on it by aborting', async () => {
    const chunk = (content: string) => ({
      id: 'chatcmpl-g',
      object: 'chat.completion.chunk',
      model: 'gpt-4o-mini',
      choices: [{ index: 0, delta: { content }, finish_reason: null }],
    });
    server.reply({
      headers: { 'content-type': 'text/event-stream' },
      chunks: [
        ...sse([chunk('Hel')], false),
        'data: {"id":"chatcmpl-g","object":"chat.comp\n\n',
        ...sse([
          {
            id: 'chatcmpl-g',
            object: 'chat.completion.chunk',
            model: 'gpt-4o-mini',
            choices: [],
            usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 },
          },
        ]),
      ],
    });
    const stream = await noRetry().chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    await assert.rejects(async () => {
      for await (const event of stream) void event;
    }, SyntaxError);
    assertMalformed();
  });
});

void describe('openai client, its own timeout', () => {
  const ask = (options: OpenAI.RequestOptions) =>
    client.chat.completions.create(
      { model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] },
      { maxRetries: 0, ...options },
    );
  const slow = () =>
    server.reply({
      delayMs: 1500,
      body: { id: 'late', object: 'chat.completion', choices: [] },
    });

  void it('an attempt the SDK times out is a timeout, not a cancel', async () => {
    slow();
    await assert.rejects(
      ask({ timeout: 1000 }),
      OpenAI.APIConnectionTimeoutError,
    );
    const [span] = telemetry.ours();
    assert.deepEqual(
      { status: span!.status, attributes: span!.attributes },
      {
        status: { code: SpanStatusCode.ERROR },
        attributes: {
          'gen_ai.operation.name': 'chat',
          ...common(),
          'gen_ai.request.model': 'gpt-4o',
          'llm_otel.attempt': 0,
          'llm_otel.outcome': 'timeout',
          'error.type': 'timeout',
        },
      },
    );
  });

  void it("an attempt the client's own timeout ends is a timeout, though no header announces it", async () => {
    // A client-level timeout: openai sends no x-stainless-timeout for it,
    // and aborts from its timer without a reason.
    const timed = new OpenAI({
      apiKey: 'sk-secret-key',
      baseURL: `${server.origin}/v1`,
      timeout: 300,
      maxRetries: 1,
    });
    slow();
    slow();
    const seen = server.received.length;
    await assert.rejects(
      timed.chat.completions.create({
        model: 'gpt-4o',
        messages: [{ role: 'user', content: 'hi' }],
      }),
      OpenAI.APIConnectionTimeoutError,
    );
    assert.deepEqual(
      server.received.slice(seen).map(r => r.headers['x-stainless-timeout']),
      [undefined, undefined],
    );
    assert.deepEqual(
      telemetry.ours().map(span => ({
        status: span.status,
        attributes: span.attributes,
      })),
      [0, 1].map(attempt => ({
        status: { code: SpanStatusCode.ERROR },
        attributes: {
          'gen_ai.operation.name': 'chat',
          ...common(),
          'gen_ai.request.model': 'gpt-4o',
          'llm_otel.attempt': attempt,
          'llm_otel.outcome': 'timeout',
          'error.type': 'timeout',
        },
      })),
    );
  });

  void it('the app cancelling before the SDK timeout is a cancel', async () => {
    slow();
    const controller = new AbortController();
    cancelLater(100, () => controller.abort());
    await assert.rejects(
      ask({ timeout: 1000, signal: controller.signal }),
      OpenAI.APIUserAbortError,
    );
    const [span] = telemetry.ours();
    assert.deepEqual(
      { status: span!.status, outcome: span!.attributes['llm_otel.outcome'] },
      { status: { code: SpanStatusCode.UNSET }, outcome: 'canceled' },
    );
  });
});
