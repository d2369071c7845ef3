import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  context,
  propagation,
  trace,
} from '@opentelemetry/api';
import { AlwaysOffSampler } from '@opentelemetry/sdk-trace-base';
import { matchProvider } from '../../src/providers/registry.js';
import { withFeature } from '../../src/telemetry/feature.js';
import { createLlmSampler } from '../../src/telemetry/llm-sampler.js';
import type { OutgoingRequest } from '../../src/capture/exchange.js';
import {
  bytes,
  createHarness,
  ensureContextManager,
  fakeProvider,
  points,
  request,
} from './harness.js';

ensureContextManager();

const SERVER = {
  'server.address': 'api.openai.com',
  'server.port': 443,
};

/** The attributes every metric of the fake chat call carries. */
const CHAT_METRIC_ATTRIBUTES = {
  'gen_ai.operation.name': 'chat',
  'gen_ai.provider.name': 'openai',
  'gen_ai.request.model': 'gpt-4o',
  'gen_ai.response.model': 'gpt-4o-2024-08-06',
  ...SERVER,
  'llm_otel.feature': 'unattributed',
};

const okResponse = () => ({
  complete: true,
  responseId: 'chatcmpl-1',
  responseModel: 'gpt-4o-2024-08-06',
  finishReasons: ['stop'],
  usage: {
    inputTokens: 12,
    outputTokens: 5,
    cacheReadInputTokens: 2,
    cacheWriteInputTokens: 1,
    reasoningOutputTokens: 3,
  },
});

void describe('LLM recorder', () => {
  void it('ignores traffic the provider registry does not match', () => {
    const h = createHarness({ provider: fakeProvider({}).match });
    const sink = h.recorder.begin(
      request({ url: new URL('https://example.com/health') }),
    );
    assert.equal(sink, undefined);
    assert.deepEqual(h.spans(), []);
  });

  void it('tells capture up front which URLs it may record (the real registry)', () => {
    const h = createHarness({
      provider: (method, url) => matchProvider(method, url, {}),
    });
    const may = (method: string, url: string) =>
      h.recorder.mayRecord?.(method, new URL(url));
    assert.deepEqual(
      [
        may('POST', 'https://api.openai.com/v1/chat/completions'),
        may('POST', 'http://127.0.0.1:8000/v1/chat/completions'),
        may('POST', 'https://api.anthropic.com/v1/messages'),
        // SigV4 for Bedrock is in a header: /model/ paths stay possible.
        may('POST', 'https://llm-proxy.internal/model/anthropic.claude/invoke'),
        may('GET', 'https://example.com/users'),
        may('POST', 'https://example.com/api/orders'),
        may('GET', 'https://api.openai.com/v1/models'),
      ],
      [true, true, true, true, false, false, false],
    );
  });

  for (const aggregation of ['pre-aggregated', 'sdk'] as const) {
    void it(`records a non-stream chat call as one CLIENT span with exact attributes (${aggregation})`, async () => {
      const provider = fakeProvider({
        request: { model: 'gpt-4o', temperature: 0.2, maxTokens: 100 },
        response: okResponse,
      });
      const h = createHarness({ provider: provider.match, aggregation });
      const start = performance.now();
      const sink = h.recorder.begin(
        request({
          startTime: start,
          headers: { 'x-stainless-retry-count': '0' },
        }),
      );
      assert.ok(sink);
      sink.responseHeaders(200, { 'content-type': 'application/json' });
      sink.responseChunk(bytes('{"id":"chatcmpl-1"}'));
      sink.end();

      const spans = h.spans();
      assert.equal(spans.length, 1);
      const span = spans[0]!;
      assert.equal(span.name, 'chat gpt-4o');
      assert.equal(span.kind, SpanKind.CLIENT);
      assert.deepEqual(span.status, { code: SpanStatusCode.UNSET });
      assert.deepEqual(span.attributes, {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': 'gpt-4o',
        'gen_ai.request.temperature': 0.2,
        'gen_ai.request.max_tokens': 100,
        ...SERVER,
        'llm_otel.feature': 'unattributed',
        'llm_otel.attempt': 0,
        'gen_ai.response.id': 'chatcmpl-1',
        'gen_ai.response.model': 'gpt-4o-2024-08-06',
        'gen_ai.response.finish_reasons': ['stop'],
        'gen_ai.usage.input_tokens': 12,
        'gen_ai.usage.output_tokens': 5,
        'gen_ai.usage.cache_read.input_tokens': 2,
        'gen_ai.usage.cache_creation.input_tokens': 1,
        'gen_ai.usage.reasoning.output_tokens': 3,
        'llm_otel.outcome': 'success',
      });
      assert.deepEqual(provider.parsedBodies, ['{"model":"gpt-4o"}']);

      const metrics = await h.metrics();
      const base = CHAT_METRIC_ATTRIBUTES;
      assert.deepEqual([...metrics.keys()].sort(), [
        'gen_ai.client.operation.duration',
        'gen_ai.client.token.usage',
      ]);
      assert.deepEqual(points(metrics.get('gen_ai.client.token.usage')), [
        {
          attributes: { ...base, 'gen_ai.token.type': 'input' },
          value: { count: 1, sum: 12 },
        },
        {
          attributes: { ...base, 'gen_ai.token.type': 'output' },
          value: { count: 1, sum: 5 },
        },
      ]);
      const duration = points(metrics.get('gen_ai.client.operation.duration'));
      assert.deepEqual(
        duration.map(p => p.attributes),
        [base],
      );
      assert.equal((duration[0]!.value as { count: number }).count, 1);
      await h.shutdown();
    });
  }

  void it('uses the advised bucket boundaries', async () => {
    const provider = fakeProvider({
      request: { model: 'm', stream: true },
      response: okResponse,
    });
    const h = createHarness({ provider: provider.match });
    const sink = h.recorder.begin(request())!;
    sink.responseHeaders(200, {});
    sink.responseChunk(bytes('data: 1\n\ndata: 2\n\n'));
    sink.end();
    const metrics = await h.metrics();
    const boundaries = (name: string) =>
      (metrics.get(name)?.[0]?.value as { buckets: { boundaries: number[] } })
        .buckets.boundaries;
    const seconds = [
      0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48,
      40.96, 81.92,
    ];
    assert.deepEqual(boundaries('gen_ai.client.operation.duration'), seconds);
    assert.deepEqual(
      boundaries('gen_ai.client.operation.time_to_first_chunk'),
      seconds,
    );
    assert.deepEqual(
      boundaries('gen_ai.client.operation.time_per_output_chunk'),
      seconds,
    );
    assert.deepEqual(
      boundaries('gen_ai.client.token.usage'),
      [
        1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304,
        16777216, 67108864,
      ],
    );
  });

  void it('waits for a streamed request body and starts the span at the attempt start', () => {
    const provider = fakeProvider({
      request: body => JSON.parse(body) as { model: string },
    });
    const h = createHarness({ provider: provider.match });
    const start = performance.now() - 50;
    const sink = h.recorder.begin(
      request({ body: undefined, startTime: start }),
    );
    assert.ok(sink);
    sink.requestBody('{"model":');
    sink.requestBody(bytes('"gpt-4o-mini"}'));
    assert.deepEqual(h.spans(), []);
    sink.requestBodyEnd();
    sink.responseHeaders(200, {});
    sink.end();
    // The request is parsed with the deferred work that spans() runs.
    const span = h.spans()[0]!;
    assert.deepEqual(provider.parsedBodies, ['{"model":"gpt-4o-mini"}']);
    assert.equal(span.name, 'chat gpt-4o-mini');
    // Started from the attempt's start time, not when the body completed.
    // The SDK anchors performance.now() times to the wall clock (Date.now()),
    // which drifts from performance.timeOrigin by ms on some Node versions.
    const startMs = span.startTime[0] * 1000 + span.startTime[1] / 1e6;
    const expected = Date.now() - (performance.now() - start);
    assert.ok(Math.abs(startMs - expected) < 2, `${startMs} vs ${expected}`);
  });

  void it('drops path-only matches whose body does not prove the shape', () => {
    const provider = fakeProvider({
      match: { confirmByBody: true, provider: 'openai_compatible' },
      request: undefined,
    });
    const h = createHarness({ provider: provider.match });
    const sink = h.recorder.begin(
      request({ url: new URL('http://localhost:8000/v1/chat/completions') }),
    );
    assert.ok(sink);
    sink.responseHeaders(200, {});
    sink.responseChunk(bytes('{}'));
    sink.end();
    assert.deepEqual(h.spans(), []);
  });

  void it('reads response headers given as a function once, when the deferred parse needs them', () => {
    const provider = fakeProvider({
      request: { model: 'gpt-4o' },
      response: okResponse,
    });
    const h = createHarness({ provider: provider.match });
    const sink = h.recorder.begin(request())!;
    let reads = 0;
    sink.responseHeaders(200, () => {
      reads++;
      return { 'content-type': 'application/json' };
    });
    sink.responseChunk(bytes('{}'));
    sink.end();
    const inPath = reads;
    assert.equal(h.spans().length, 1);
    assert.deepEqual(
      { inPath, reads, metas: provider.responseMetas },
      {
        inPath: 0,
        reads: 1,
        metas: [
          { status: 200, headers: { 'content-type': 'application/json' } },
        ],
      },
    );
  });

  void it('times the first chunk and the gaps between chunks of a stream', async () => {
    const provider = fakeProvider({
      request: { model: 'gpt-4o', stream: true },
      response: okResponse,
    });
    const h = createHarness({ provider: provider.match });
    const sink = h.recorder.begin(request())!;
    sink.responseHeaders(200, { 'content-type': 'text/event-stream' });
    sink.responseChunk(bytes(': keep-alive\n\n'));
    sink.responseChunk(bytes('data: {"a":1}\n\n'));
    sink.responseChunk(bytes('data: {"a":2}\n\ndata: {"a":3}\n\n'));
    sink.responseChunk(bytes('data: [DONE]\n\n'));
    sink.end();
    const span = h.spans()[0]!;
    assert.equal(span.attributes['gen_ai.request.stream'], true);
    assert.equal(
      typeof span.attributes['gen_ai.response.time_to_first_chunk'],
      'number',
    );
    const metrics = await h.metrics();
    const count = (name: string) =>
      points(metrics.get(name)).map(p => (p.value as { count: number }).count);
    assert.deepEqual(count('gen_ai.client.operation.time_to_first_chunk'), [1]);
    // 4 output chunks: 3 gaps after the first.
    assert.deepEqual(
      count('gen_ai.client.operation.time_per_output_chunk'),
      [3],
    );
  });

  /** Metric attributes of the fake provider's streams. */
  const STREAM_ATTRIBUTES = {
    'gen_ai.operation.name': 'chat',
    'gen_ai.provider.name': 'openai',
    ...SERVER,
    'llm_otel.feature': 'unattributed',
    'gen_ai.request.model': 'gpt-4o',
    'gen_ai.response.model': 'gpt-4o-2024-08-06',
  };
  // The same with our producer and with the SDK's instrument (Views).
  for (const aggregation of ['pre-aggregated', 'sdk'] as const) {
    void it(`records chunk gaps while the stream runs, once the response names its model (${aggregation})`, async () => {
      const provider = fakeProvider({
        request: { model: 'gpt-4o', stream: true },
        response: okResponse,
        // Like Anthropic: the model comes with the second read (message_start).
        responseModel: pushes => (pushes < 2 ? undefined : 'gpt-4o-2024-08-06'),
      });
      const h = createHarness({ provider: provider.match, aggregation });
      const sink = h.recorder.begin(request())!;
      sink.responseHeaders(200, { 'content-type': 'text/event-stream' });
      sink.responseChunk(bytes('data: {"a":1}\n\ndata: {"a":2}\n\n'));
      const perChunk = async () =>
        points(
          (await h.metrics()).get(
            'gen_ai.client.operation.time_per_output_chunk',
          ),
        ).map(p => ({
          attributes: p.attributes,
          count: (p.value as { count: number }).count,
        }));
      // One gap, held: the attributes need the response model.
      assert.deepEqual(await perChunk(), []);
      sink.responseChunk(bytes('data: {"a":3}\n\n'));
      const attributes = STREAM_ATTRIBUTES;
      // Before the end: the held gap and the new one.
      assert.deepEqual(await perChunk(), [{ attributes, count: 2 }]);
      sink.responseChunk(bytes('data: {"a":4}\n\ndata: [DONE]\n\n'));
      sink.end();
      assert.deepEqual(await perChunk(), [{ attributes, count: 4 }]);
      const ttfc = points(
        (await h.metrics()).get('gen_ai.client.operation.time_to_first_chunk'),
      );
      assert.deepEqual(
        ttfc.map(p => p.attributes),
        [attributes],
      );
    });

    void it(`records chunk gaps while the stream runs without a response model when the response never names one (${aggregation})`, async () => {
      const provider = fakeProvider({
        request: { model: 'gpt-4o', stream: true },
        response: () => ({ complete: true }),
        responseModel: () => null,
      });
      const h = createHarness({ provider: provider.match, aggregation });
      const sink = h.recorder.begin(request())!;
      sink.responseHeaders(200, { 'content-type': 'text/event-stream' });
      sink.responseChunk(bytes('data: {"a":1}\n\ndata: {"a":2}\n\n'));
      const metrics = await h.metrics();
      assert.deepEqual(
        points(metrics.get('gen_ai.client.operation.time_per_output_chunk')),
        [
          {
            attributes: {
              'gen_ai.operation.name': 'chat',
              'gen_ai.provider.name': 'openai',
              ...SERVER,
              'llm_otel.feature': 'unattributed',
              'gen_ai.request.model': 'gpt-4o',
            },
            value: { count: 1, sum: 0 },
          },
        ],
      );
      sink.end();
    });

    void it(`holds chunk gaps until the end when the parser cannot name the model early (${aggregation})`, async () => {
      const provider = fakeProvider({
        request: { model: 'gpt-4o', stream: true },
        response: okResponse,
      });
      const h = createHarness({ provider: provider.match, aggregation });
      const sink = h.recorder.begin(request())!;
      sink.responseHeaders(200, { 'content-type': 'text/event-stream' });
      sink.responseChunk(bytes('data: {"a":1}\n\ndata: {"a":2}\n\n'));
      const name = 'gen_ai.client.operation.time_per_output_chunk';
      assert.deepEqual(points((await h.metrics()).get(name)), []);
      sink.end();
      assert.deepEqual(
        points((await h.metrics()).get(name)).map(p => p.attributes),
        [STREAM_ATTRIBUTES],
      );
    });
  }

  for (const aggregation of ['pre-aggregated', 'sdk'] as const) {
    void it(`records a 429 with the provider error code, the retry attempt and span status ERROR (${aggregation})`, async () => {
      const provider = fakeProvider({
        request: { model: 'gpt-4o' },
        response: () => ({ complete: true, errorType: 'rate_limit_exceeded' }),
      });
      const h = createHarness({ provider: provider.match, aggregation });
      const sink = h.recorder.begin(
        request({ headers: { 'x-stainless-retry-count': '1' } }),
      )!;
      sink.responseHeaders(429, {});
      sink.responseChunk(bytes('{"error":{}}'));
      sink.end();
      const span = h.spans()[0]!;
      assert.deepEqual(span.status, { code: SpanStatusCode.ERROR });
      assert.deepEqual(span.attributes, {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': 'gpt-4o',
        ...SERVER,
        'llm_otel.feature': 'unattributed',
        'llm_otel.attempt': 1,
        'llm_otel.outcome': 'rate_limited',
        'error.type': 'rate_limit_exceeded',
      });
      const metrics = await h.metrics();
      assert.deepEqual(
        points(metrics.get('gen_ai.client.operation.duration')).map(
          p => p.attributes,
        ),
        [
          {
            'gen_ai.operation.name': 'chat',
            'gen_ai.provider.name': 'openai',
            'gen_ai.request.model': 'gpt-4o',
            ...SERVER,
            'llm_otel.feature': 'unattributed',
            'error.type': 'rate_limit_exceeded',
          },
        ],
      );
      assert.equal(metrics.get('gen_ai.client.token.usage'), undefined);
    });
  }

  void it('uses the HTTP status as error.type when the body has no code', () => {
    const provider = fakeProvider({ request: { model: 'm' } });
    const h = createHarness({ provider: provider.match });
    const sink = h.recorder.begin(request())!;
    sink.responseHeaders(503, {});
    sink.end();
    const a = h.spans()[0]!.attributes;
    assert.deepEqual(
      [a['error.type'], a['llm_otel.outcome']],
      ['503', 'server_error'],
    );
  });

  void it("takes the parser's malformed verdict, except for a status that carries no body and a body capture could not see", () => {
    const provider = fakeProvider({
      request: { model: 'm' },
      response: () => ({ complete: false, malformed: true }),
    });
    const h = createHarness({ provider: provider.match });
    const answers: [number, boolean][] = [
      [200, false],
      [101, false],
      [204, false],
      [205, false],
      [304, false],
      [200, true],
    ];
    for (const [status, hidden] of answers) {
      const sink = h.recorder.begin(request())!;
      sink.responseHeaders(status, {});
      if (hidden) sink.responseBodyHidden();
      sink.end();
    }
    assert.deepEqual(
      h
        .spans()
        .map(s => [
          s.attributes['llm_otel.outcome'],
          s.attributes['error.type'],
        ]),
      [
        ['server_error', 'malformed_response'],
        ['success', undefined],
        ['success', undefined],
        ['success', undefined],
        ['success', undefined],
        ['success', undefined],
      ],
    );
  });

  void it('records nothing for a redirect: the request sent again is the attempt', async () => {
    let parsed = 0;
    const provider = fakeProvider({
      request: () => {
        parsed++;
        return { model: 'm' };
      },
    });
    const h = createHarness({ provider: provider.match });
    for (const status of [301, 302, 303, 307, 308]) {
      const sink = h.recorder.begin(request())!;
      sink.responseHeaders(status, { location: '/elsewhere' });
      sink.responseChunk(bytes('<a href="/elsewhere">moved</a>'));
      sink.end();
    }
    // Both run the deferred work first.
    const spans = h.spans();
    const metrics = [...(await h.metrics()).keys()];
    assert.deepEqual(
      { parsed, spans, metrics },
      {
        parsed: 0,
        spans: [],
        metrics: [],
      },
    );
  });

  void it("starts no span for a redirect: under an SDK's gen_ai span (parsed at once), a server span, or with the app's own body bytes", () => {
    const provider = fakeProvider({ request: { model: 'm' } });
    const h = createHarness({ provider: provider.match });
    const tracer = h.tracerProvider.getTracer('app');
    const sdkSpan = tracer.startSpan('chat m', {
      attributes: { 'gen_ai.operation.name': 'chat' },
    });
    const serverSpan = tracer.startSpan('POST /summarize');
    const redirected = (body: OutgoingRequest['body']) => {
      const sink = h.recorder.begin(request({ body }))!;
      sink.responseHeaders(307, { location: '/elsewhere' });
      sink.end();
    };
    for (const parent of [sdkSpan, serverSpan])
      context.with(trace.setSpan(context.active(), parent), () => {
        redirected('{"model":"m"}');
      });
    redirected(bytes('{"model":"m"}'));
    sdkSpan.end();
    serverSpan.end();
    assert.deepEqual(
      {
        open: h.openSpans(),
        names: h.spans().map(s => s.name),
        // Parsed in begin() under the SDK's span only.
        parsed: provider.parsedBodies.length,
      },
      { open: 0, names: ['chat m', 'POST /summarize'], parsed: 1 },
    );
  });

  void it('records an app abort as canceled without error status or error.type', () => {
    const provider = fakeProvider({ request: { model: 'm', stream: true } });
    const h = createHarness({ provider: provider.match });
    const sink = h.recorder.begin(request())!;
    sink.responseHeaders(200, {});
    sink.responseChunk(bytes('data: {}\n\n'));
    sink.fail('abort', new DOMException('aborted', 'AbortError'));
    const span = h.spans()[0]!;
    assert.deepEqual(span.status, { code: SpanStatusCode.UNSET });
    assert.equal(span.attributes['llm_otel.outcome'], 'canceled');
    assert.equal(span.attributes['error.type'], undefined);
  });

  void it('takes error.type of a network failure from the error code chain', () => {
    const provider = fakeProvider({ request: { model: 'm' } });
    const h = createHarness({ provider: provider.match });
    const sink = h.recorder.begin(request())!;
    const cause = Object.assign(new Error('connect'), { code: 'ECONNREFUSED' });
    sink.fail('network', new TypeError('fetch failed', { cause }));
    const a = h.spans()[0]!.attributes;
    assert.deepEqual(
      [a['error.type'], a['llm_otel.outcome']],
      ['ECONNREFUSED', 'network_error'],
    );
    assert.deepEqual(h.spans()[0]!.status, { code: SpanStatusCode.ERROR });
  });

  void it('records a client-side timeout', () => {
    const provider = fakeProvider({ request: { model: 'm' } });
    const h = createHarness({ provider: provider.match });
    h.recorder.begin(request())!.fail('timeout');
    const a = h.spans()[0]!.attributes;
    assert.deepEqual(
      [a['error.type'], a['llm_otel.outcome']],
      ['timeout', 'timeout'],
    );
  });

  void it('reads the 1-based AWS attempt header as a 0-based attempt', () => {
    const provider = fakeProvider({ request: { model: 'm' } });
    const h = createHarness({ provider: provider.match });
    const sink = h.recorder.begin(
      request({ headers: { 'amz-sdk-request': 'attempt=3; max=3' } }),
    )!;
    sink.responseHeaders(200, {});
    sink.end();
    assert.equal(h.spans()[0]!.attributes['llm_otel.attempt'], 2);
  });

  /** Runs one attempt to its end with this status; returns its span's attempt number. */
  function attempt(
    h: ReturnType<typeof createHarness>,
    status: number,
    overrides: Parameters<typeof request>[0] = {},
  ): unknown {
    const sink = h.recorder.begin(request(overrides))!;
    sink.responseHeaders(status, {});
    sink.end();
    const spans = h.spans();
    return spans[spans.length - 1]!.attributes['llm_otel.attempt'];
  }

  void it('numbers the retries no header announces: the same request again after a failed one', () => {
    const provider = fakeProvider({ request: { model: 'm' } });
    const h = createHarness({ provider: provider.match });
    assert.deepEqual(
      [
        attempt(h, 429),
        attempt(h, 503),
        attempt(h, 200),
        // The call succeeded: the same request again is a new call.
        attempt(h, 200),
      ],
      [undefined, 1, 2, undefined],
    );
    const network = h.recorder.begin(request())!;
    network.fail('network', new TypeError('fetch failed'));
    assert.deepEqual(
      [attempt(h, 200), h.spans().map(s => s.attributes['llm_otel.outcome'])],
      [
        1,
        [
          'rate_limited',
          'server_error',
          'success',
          'success',
          'network_error',
          'success',
        ],
      ],
    );
  });

  void it('does not take another request, or one after an app abort, for a retry', () => {
    const provider = fakeProvider({ request: { model: 'm' } });
    const h = createHarness({ provider: provider.match });
    attempt(h, 429, { body: '{"model":"m","n":1}' });
    const other = attempt(h, 200, { body: '{"model":"m","n":2}' });
    const url = new URL('https://api.openai.com/v1/completions');
    const otherUrl = attempt(h, 200, { body: '{"model":"m","n":1}', url });
    const aborted = h.recorder.begin(request())!;
    aborted.fail('abort', new DOMException('aborted', 'AbortError'));
    assert.deepEqual(
      [other, otherUrl, attempt(h, 200)],
      [undefined, undefined, undefined],
    );
  });

  void it('does not take a request whose body was empty or never sent (a failed connect) for a retry of another', () => {
    const provider = fakeProvider({ request: { model: 'm' } });
    const h = createHarness({ provider: provider.match });
    const unsent = () => {
      const sink = h.recorder.begin(request({ body: undefined }))!;
      sink.requestBodyEnd();
      sink.fail('network', new TypeError('fetch failed'));
      const spans = h.spans();
      return spans[spans.length - 1]!.attributes['llm_otel.attempt'];
    };
    assert.deepEqual(
      [
        unsent(),
        unsent(),
        attempt(h, 503, { body: '' }),
        attempt(h, 200, { body: '' }),
      ],
      [undefined, undefined, undefined, undefined],
    );
  });

  void it('matches a retry whose body came in chunks, as node:http writes it, to one given whole', () => {
    const provider = fakeProvider({ request: { model: 'm' } });
    const h = createHarness({ provider: provider.match });
    const chunked = (status: number) => {
      const sink = h.recorder.begin(request({ body: undefined }))!;
      sink.requestBody(bytes('{"model":'));
      sink.requestBody(bytes('"gpt-4o"}'));
      sink.requestBodyEnd();
      sink.responseHeaders(status, {});
      sink.end();
      return h.spans().at(-1)!.attributes['llm_otel.attempt'];
    };
    assert.deepEqual(
      [chunked(429), chunked(429), attempt(h, 200)],
      [undefined, 1, 2],
    );
  });

  void it('takes a retry from the same trace, not another trace or another context', () => {
    const provider = fakeProvider({ request: { model: 'm' } });
    const h = createHarness({ provider: provider.match });
    const inTrace = (traceId: string, spanId: string) =>
      trace.setSpanContext(ROOT_CONTEXT, { traceId, spanId, traceFlags: 1 });
    const TRACE_A = '0af7651916cd43dd8448eb211c80319c';
    const TRACE_B = '1af7651916cd43dd8448eb211c80319c';
    const numbers = [
      context.with(inTrace(TRACE_A, 'b7ad6b7169203331'), () => attempt(h, 429)),
      // Another request of a server: its own trace.
      context.with(inTrace(TRACE_B, 'b7ad6b7169203331'), () => attempt(h, 200)),
      // The retry, under another span of the same trace (an SDK's per-attempt span).
      context.with(inTrace(TRACE_A, 'c7ad6b7169203332'), () => attempt(h, 503)),
    ];
    // Without a span, the context: withFeature makes one per call.
    withFeature('a', () => numbers.push(attempt(h, 429)));
    withFeature('a', () => numbers.push(attempt(h, 200)));
    assert.deepEqual(numbers, [undefined, undefined, 1, undefined, undefined]);
  });

  void it('counts a retry past 0 when the SDK announces every attempt as 0, as under LangChain', () => {
    const provider = fakeProvider({ request: { model: 'm' } });
    const h = createHarness({ provider: provider.match });
    const headers = { 'x-stainless-retry-count': '0' };
    assert.deepEqual(
      [
        attempt(h, 429, { headers }),
        attempt(h, 429, { headers }),
        attempt(h, 200, { headers }),
      ],
      [0, 1, 2],
    );
  });

  void it('keeps the number an SDK announces past 0, and its retry ends the chain', () => {
    const provider = fakeProvider({ request: { model: 'm' } });
    const h = createHarness({ provider: provider.match });
    const retry = (n: number) => ({
      headers: { 'x-stainless-retry-count': String(n) },
    });
    assert.deepEqual(
      [
        attempt(h, 429, retry(0)),
        attempt(h, 429, retry(3)),
        attempt(h, 200, retry(4)),
        attempt(h, 200, retry(0)),
      ],
      [0, 3, 4, 0],
    );
  });

  void it('puts the withFeature label, else the baggage entry, on span and metrics', async () => {
    const provider = fakeProvider({ request: { model: 'm' } });
    const h = createHarness({ provider: provider.match });
    const run = () => {
      const sink = h.recorder.begin(request())!;
      sink.responseHeaders(200, {});
      sink.end();
    };
    withFeature('Dreamer/deduction', run);
    const baggage = propagation.createBaggage({
      'llm_otel.feature': { value: 'Upstream Search!' },
    });
    context.with(propagation.setBaggage(ROOT_CONTEXT, baggage), run);
    await withFeature('async  Work', async () => {
      await new Promise(resolve => setImmediate(resolve));
      run();
    });
    assert.deepEqual(
      h.spans().map(s => s.attributes['llm_otel.feature']),
      ['dreamer_deduction', 'upstream_search', 'async_work'],
    );
    const metrics = await h.metrics();
    assert.deepEqual(
      points(metrics.get('gen_ai.client.operation.duration')).map(
        p => p.attributes['llm_otel.feature'],
      ),
      ['dreamer_deduction', 'upstream_search', 'async_work'],
    );
  });

  void it('marks a gen_ai parent span of another instrumentation as superseded, and nests under it', () => {
    const provider = fakeProvider({ request: { model: 'm' } });
    const h = createHarness({ provider: provider.match });
    const sdkTracer = h.tracerProvider.getTracer(
      'com.anthropic.sdk.typescript',
    );
    const parent = sdkTracer.startSpan('anthropic.messages.create', {
      attributes: { 'gen_ai.operation.name': 'chat' },
    });
    const plain = sdkTracer.startSpan('handler');
    for (const p of [parent, plain]) {
      context.with(trace.setSpan(context.active(), p), () => {
        const sink = h.recorder.begin(request())!;
        // Our span is never made active while the request runs.
        assert.equal(trace.getActiveSpan(), p);
        sink.responseHeaders(200, {});
        sink.end();
      });
      p.end();
    }
    // Ours end off the app's path (deferred work), so after the SDK's here.
    const spans = h.spans();
    assert.equal(spans.length, 4);
    const byScope = (ours: boolean) =>
      spans.filter(
        s => (s.instrumentationScope.name === '@x/llm-otel') === ours,
      );
    const [ours1, ours2] = byScope(true);
    const [sdkSpan, plainSpan] = byScope(false);
    assert.deepEqual(sdkSpan!.attributes, {
      'gen_ai.operation.name': 'chat',
      'llm_otel.superseded': true,
    });
    assert.deepEqual(plainSpan!.attributes, {});
    assert.equal(ours1!.parentSpanContext?.spanId, parent.spanContext().spanId);
    assert.equal(ours2!.parentSpanContext?.spanId, plain.spanContext().spanId);
  });

  for (const aggregation of ['pre-aggregated', 'sdk'] as const) {
    void it(`emits the latest names under the opt-in (${aggregation})`, async () => {
      const provider = fakeProvider({
        request: { model: 'gpt-4o', reasoningLevel: 'low', stream: true },
        response: okResponse,
      });
      const h = createHarness({
        provider: provider.match,
        aggregation,
        config: { semconv: 'latest' },
      });
      const sink = h.recorder.begin(request())!;
      sink.responseHeaders(200, {});
      sink.responseChunk(bytes('data: {}\n\n'));
      sink.end();
      const a = h.spans()[0]!.attributes;
      assert.equal(a['gen_ai.usage.cache_write.input_tokens'], 1);
      assert.equal(a['gen_ai.usage.cache_creation.input_tokens'], undefined);
      assert.equal(a['gen_ai.request.reasoning.level'], 'low');
      const metrics = await h.metrics();
      assert.deepEqual([...metrics.keys()].sort(), [
        'gen_ai.client.inference.duration',
        'gen_ai.client.inference.operation.input_tokens',
        'gen_ai.client.inference.operation.output_tokens',
        'gen_ai.client.inference.time_to_first_chunk',
        'gen_ai.client.inference.usage.cache_read.input_tokens',
        'gen_ai.client.inference.usage.cache_write.input_tokens',
        'gen_ai.client.inference.usage.input_tokens',
        'gen_ai.client.inference.usage.output_tokens',
        'gen_ai.client.inference.usage.reasoning.output_tokens',
      ]);
      const base = CHAT_METRIC_ATTRIBUTES;
      assert.deepEqual(
        points(metrics.get('gen_ai.client.inference.usage.input_tokens')),
        [
          {
            attributes: { ...base, 'gen_ai.token.modality': 'unknown' },
            value: 12,
          },
        ],
      );
      assert.deepEqual(
        points(metrics.get('gen_ai.client.inference.operation.output_tokens')),
        [{ attributes: base, value: { count: 1, sum: 5 } }],
      );
    });
  }

  void it('records content as capped, valid JSON only when content capture is on', () => {
    const long = 'x'.repeat(5000);
    const facts = {
      model: 'm',
      inputMessages: [
        { role: 'user', parts: [{ type: 'text', content: long }] },
      ],
      systemInstructions: [{ type: 'text', content: 'be brief' }],
    };
    for (const onSpans of [false, true]) {
      const provider = fakeProvider({
        request: facts,
        response: () => ({
          complete: true,
          outputMessages: [
            { role: 'assistant', parts: [{ type: 'text', content: 'hi' }] },
          ],
        }),
      });
      const h = createHarness({
        provider: provider.match,
        config: { contentOnSpans: onSpans, maxContentLength: 200 },
      });
      const sink = h.recorder.begin(request())!;
      sink.responseHeaders(200, {});
      sink.end();
      const a = h.spans()[0]!.attributes;
      if (!onSpans) {
        assert.equal(a['gen_ai.input.messages'], undefined);
        continue;
      }
      const input = a['gen_ai.input.messages'] as string;
      assert.ok(input.length <= 200);
      const parsed = JSON.parse(input) as {
        parts: { content: string }[];
      }[];
      assert.ok(parsed[0]!.parts[0]!.content.startsWith('xxx'));
      assert.equal(
        a['gen_ai.system_instructions'],
        '[{"type":"text","content":"be brief"}]',
      );
      assert.equal(
        a['gen_ai.output.messages'],
        '[{"role":"assistant","parts":[{"type":"text","content":"hi"}]}]',
      );
    }
  });

  void it('puts structured content on a gen_ai.client.inference.operation.details event for EVENT_ONLY', () => {
    const provider = fakeProvider({
      request: {
        model: 'm',
        inputMessages: [
          { role: 'user', parts: [{ type: 'text', content: 'hi' }] },
        ],
      },
      response: () => ({
        complete: true,
        finishReasons: ['stop'],
        outputMessages: [
          { role: 'assistant', parts: [{ type: 'text', content: 'yo' }] },
        ],
      }),
    });
    const h = createHarness({
      provider: provider.match,
      config: { contentOnEvents: true },
    });
    const sink = h.recorder.begin(request())!;
    sink.responseHeaders(200, {});
    sink.end();
    const span = h.spans()[0]!;
    assert.equal(span.attributes['gen_ai.input.messages'], undefined);
    const events = h.events();
    assert.equal(events.length, 1);
    const event = events[0]!;
    assert.deepEqual(
      [event.eventName, event.severityNumber, event.spanContext?.spanId],
      [
        'gen_ai.client.inference.operation.details',
        5,
        span.spanContext().spanId,
      ],
    );
    assert.deepEqual(event.attributes, {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'm',
      ...SERVER,
      'llm_otel.feature': 'unattributed',
      'gen_ai.response.finish_reasons': ['stop'],
      'llm_otel.outcome': 'success',
      'gen_ai.input.messages': [
        { role: 'user', parts: [{ type: 'text', content: 'hi' }] },
      ],
      'gen_ai.output.messages': [
        { role: 'assistant', parts: [{ type: 'text', content: 'yo' }] },
      ],
    });
  });

  void it('does not interfere when the parser throws: no exception reaches capture', () => {
    const provider = fakeProvider({
      request: { model: 'm' },
      response: () => {
        throw new Error('parser bug');
      },
    });
    const h = createHarness({ provider: provider.match });
    const sink = h.recorder.begin(request())!;
    sink.responseHeaders(200, {});
    assert.doesNotThrow(() => sink.end());
    assert.doesNotThrow(() => sink.fail('network'));
  });

  void it('keeps LLM spans the app sampler drops, marked llm_otel.sampled=false', () => {
    const provider = fakeProvider({ request: { model: 'm' } });
    const h = createHarness({
      provider: provider.match,
      sampler: createLlmSampler(new AlwaysOffSampler()),
    });
    h.tracerProvider.getTracer('app').startSpan('other').end();
    const sink = h.recorder.begin(request())!;
    sink.responseHeaders(200, {});
    sink.end();
    const spans = h.spans();
    assert.deepEqual(
      spans.map(s => [s.name, s.attributes['llm_otel.sampled']]),
      [['chat m', false]],
    );
  });
});
