// The real @anthropic-ai/sdk client (which emits its own gen_ai span by
// default) against a loopback server speaking the Messages wire format.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { SpanStatusCode } from '@opentelemetry/api';
import Anthropic from '@anthropic-ai/sdk';
import { attemptRows, setUpTelemetry } from './telemetry-setup.js';
import type { Telemetry } from './telemetry-setup.js';
import { namedSse, startWireServer } from './wire-server.js';
import { useMockLlmTelemetry } from './mock-llm-telemetry.js';
import type { WireServer } from './wire-server.js';

let server: WireServer;
let telemetry: Telemetry;
let client: Anthropic;

before(async () => {
  server = await startWireServer();
  telemetry = setUpTelemetry();
  client = new Anthropic({
    apiKey: 'sk-ant-secret',
    baseURL: server.origin,
    maxRetries: 0,
  });
});
after(async () => {
  await telemetry.stop();
  await server.close();
});
beforeEach(() => telemetry.reset());

const common = () => ({
  'gen_ai.operation.name': 'chat',
  'gen_ai.provider.name': 'anthropic',
  'server.address': '127.0.0.1',
  'server.port': Number(new URL(server.origin).port),
  'llm_otel.feature': 'unattributed',
});

const MODEL = 'claude-test';
const RESPONSE_MODEL = 'claude-test-20260101';

void describe('@anthropic-ai/sdk client', () => {
  void it('non-stream tool use with cache tokens; the SDK span is marked superseded', async () => {
    server.reply({
      body: {
        id: 'msg_1',
        type: 'message',
        role: 'assistant',
        model: RESPONSE_MODEL,
        content: [
          { type: 'text', text: 'Checking.' },
          {
            type: 'tool_use',
            id: 'toolu_1',
            name: 'weather',
            input: { city: 'Paris' },
          },
        ],
        stop_reason: 'tool_use',
        stop_sequence: null,
        usage: {
          input_tokens: 10,
          output_tokens: 5,
          cache_read_input_tokens: 100,
          cache_creation_input_tokens: 20,
        },
      },
    });
    const r = await client.messages.create({
      model: MODEL,
      max_tokens: 256,
      messages: [{ role: 'user', content: 'Weather in Paris?' }],
      tools: [
        {
          name: 'weather',
          input_schema: { type: 'object', properties: {} },
        },
      ],
    });
    assert.equal(r.stop_reason, 'tool_use');
    const [ours] = telemetry.ours();
    assert.ok(ours);
    assert.equal(ours.name, `chat ${MODEL}`);
    assert.deepEqual(ours.attributes, {
      ...common(),
      'gen_ai.request.model': MODEL,
      'gen_ai.request.max_tokens': 256,
      'llm_otel.attempt': 0,
      'gen_ai.response.id': 'msg_1',
      'gen_ai.response.model': RESPONSE_MODEL,
      'gen_ai.response.finish_reasons': ['tool_use'],
      // Semconv: input includes cache read and cache creation.
      'gen_ai.usage.input_tokens': 130,
      'gen_ai.usage.output_tokens': 5,
      'gen_ai.usage.cache_read.input_tokens': 100,
      'gen_ai.usage.cache_creation.input_tokens': 20,
      'llm_otel.outcome': 'success',
    });
    const sdkSpans = telemetry
      .all()
      .filter(s => s.instrumentationScope.name !== '@x/llm-otel');
    assert.equal(sdkSpans.length, 1);
    const sdkSpan = sdkSpans[0]!;
    assert.equal(sdkSpan.attributes['llm_otel.superseded'], true);
    assert.equal(ours.parentSpanContext?.spanId, sdkSpan.spanContext().spanId);
    const m = await telemetry.metrics();
    assert.deepEqual(
      m
        .get('gen_ai.client.token.usage')
        ?.map(p => [p.attributes['gen_ai.token.type'], p.value]),
      [
        ['input', { count: 1, sum: 130 }],
        ['output', { count: 1, sum: 5 }],
      ],
    );
  });

  void it('stream', async () => {
    server.reply({
      chunks: namedSse([
        [
          'message_start',
          {
            type: 'message_start',
            message: {
              id: 'msg_s',
              type: 'message',
              role: 'assistant',
              model: RESPONSE_MODEL,
              content: [],
              stop_reason: null,
              stop_sequence: null,
              usage: {
                input_tokens: 12,
                output_tokens: 1,
                cache_read_input_tokens: 0,
                cache_creation_input_tokens: 0,
              },
            },
          },
        ],
        [
          'content_block_start',
          {
            type: 'content_block_start',
            index: 0,
            content_block: { type: 'text', text: '' },
          },
        ],
        [
          'content_block_delta',
          {
            type: 'content_block_delta',
            index: 0,
            delta: { type: 'text_delta', text: 'Hel' },
          },
        ],
        [
          'content_block_delta',
          {
            type: 'content_block_delta',
            index: 0,
            delta: { type: 'text_delta', text: 'lo' },
          },
        ],
        ['content_block_stop', { type: 'content_block_stop', index: 0 }],
        [
          'message_delta',
          {
            type: 'message_delta',
            delta: { stop_reason: 'end_turn', stop_sequence: null },
            usage: { output_tokens: 6 },
          },
        ],
        ['message_stop', { type: 'message_stop' }],
      ]),
    });
    const stream = client.messages.stream({
      model: MODEL,
      max_tokens: 100,
      messages: [{ role: 'user', content: 'hi' }],
    });
    const message = await stream.finalMessage();
    assert.deepEqual(message.content, [{ type: 'text', text: 'Hello' }]);
    const ours = telemetry.ours()[0]!;
    const ttfc = ours.attributes['gen_ai.response.time_to_first_chunk'];
    assert.equal(typeof ttfc, 'number');
    assert.deepEqual(ours.attributes, {
      ...common(),
      'gen_ai.request.model': MODEL,
      'gen_ai.request.max_tokens': 100,
      'gen_ai.request.stream': true,
      'llm_otel.attempt': 0,
      'gen_ai.response.id': 'msg_s',
      'gen_ai.response.model': RESPONSE_MODEL,
      'gen_ai.response.finish_reasons': ['end_turn'],
      'gen_ai.usage.input_tokens': 12,
      'gen_ai.usage.output_tokens': 6,
      'gen_ai.usage.cache_read.input_tokens': 0,
      'gen_ai.usage.cache_creation.input_tokens': 0,
      'gen_ai.response.time_to_first_chunk': ttfc,
      'llm_otel.outcome': 'success',
    });
  });
});

void describe('@anthropic-ai/sdk client, its own timeout', () => {
  void it('an attempt the SDK times out is a timeout, not a cancel', async () => {
    server.reply({ delayMs: 1500, body: { id: 'late', type: 'message' } });
    await assert.rejects(
      client.messages.create(
        {
          model: MODEL,
          max_tokens: 16,
          messages: [{ role: 'user', content: 'hi' }],
        },
        { timeout: 1000 },
      ),
      Anthropic.APIConnectionTimeoutError,
    );
    const [span] = telemetry.ours();
    assert.deepEqual(
      { status: span!.status, attributes: span!.attributes },
      {
        status: { code: SpanStatusCode.ERROR },
        attributes: {
          ...common(),
          'gen_ai.request.model': MODEL,
          'gen_ai.request.max_tokens': 16,
          'llm_otel.attempt': 0,
          'llm_otel.outcome': 'timeout',
          'error.type': 'timeout',
        },
      },
    );
  });
});

void describe('@anthropic-ai/sdk client, a body cut short', () => {
  const env = useMockLlmTelemetry();

  // From 1.17 the SDK sends the request again when the connection drops
  // while it reads the answer: two attempts, the first a network error.
  void it('the SDK sends it again: two attempts, numbered, the first a network error', async () => {
    const retrying = new Anthropic({
      apiKey: 'sk-ant-secret',
      baseURL: env.mock.url,
      maxRetries: 1,
    });
    const model = 'claude-sonnet-4-5~truncated-once,tokens=3';
    const r = await retrying.messages.create({
      model,
      max_tokens: 16,
      messages: [{ role: 'user', content: 'hi there' }],
    });
    assert.deepEqual(
      attemptRows(env.telemetry.ours(), s => [
        s.attributes['gen_ai.usage.output_tokens'],
      ]),
      [
        [0, 'network_error', 'UND_ERR_SOCKET', undefined],
        [1, 'success', undefined, r.usage.output_tokens],
      ],
    );
  });
});
