// Vercel `ai` with @ai-sdk/openai and @ai-sdk/anthropic against a loopback
// server; with `experimental_telemetry` on, ai's own doGenerate/doStream span
// is marked superseded by ours.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';
import { embed, generateText, streamText } from 'ai';
import { setUpTelemetry } from './telemetry-setup.js';
import type { Telemetry } from './telemetry-setup.js';
import { namedSse, startWireServer } from './wire-server.js';
import type { WireServer } from './wire-server.js';

let server: WireServer;
let telemetry: Telemetry;

before(async () => {
  server = await startWireServer();
  telemetry = setUpTelemetry();
});
after(async () => {
  await telemetry.stop();
  await server.close();
});
beforeEach(() => telemetry.reset());

const where = () => ({
  'server.address': '127.0.0.1',
  'server.port': Number(new URL(server.origin).port),
  'llm_otel.feature': 'unattributed',
});

void describe('Vercel ai', () => {
  void it('generateText with @ai-sdk/openai chat; ai telemetry span superseded', async () => {
    const openai = createOpenAI({
      apiKey: 'sk-secret',
      baseURL: `${server.origin}/v1`,
    });
    server.reply({
      body: {
        id: 'chatcmpl-v',
        object: 'chat.completion',
        created: 1,
        model: 'gpt-4o-2024-08-06',
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: 'Hello' },
            finish_reason: 'stop',
          },
        ],
        usage: { prompt_tokens: 6, completion_tokens: 1, total_tokens: 7 },
      },
    });
    const r = await generateText({
      model: openai.chat('gpt-4o'),
      prompt: 'hi',
      temperature: 0.3,
      experimental_telemetry: { isEnabled: true },
    });
    assert.equal(r.text, 'Hello');
    const ours = telemetry.ours();
    assert.equal(ours.length, 1);
    assert.deepEqual(ours[0]!.attributes, {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai_compatible',
      'gen_ai.request.model': 'gpt-4o',
      ...where(),
      'gen_ai.request.temperature': 0.3,
      'gen_ai.response.id': 'chatcmpl-v',
      'gen_ai.response.model': 'gpt-4o-2024-08-06',
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.usage.input_tokens': 6,
      'gen_ai.usage.output_tokens': 1,
      'llm_otel.outcome': 'success',
    });
    const superseded = telemetry
      .all()
      .filter(s => s.attributes['llm_otel.superseded'] === true)
      .map(s => s.name);
    assert.deepEqual(superseded, ['ai.generateText.doGenerate']);
  });

  void it('streamText with @ai-sdk/anthropic', async () => {
    const anthropic = createAnthropic({
      apiKey: 'sk-ant-secret',
      baseURL: `${server.origin}/v1`,
    });
    server.reply({
      chunks: namedSse([
        [
          'message_start',
          {
            type: 'message_start',
            message: {
              id: 'msg_v',
              type: 'message',
              role: 'assistant',
              model: 'claude-test-20260101',
              content: [],
              stop_reason: null,
              stop_sequence: null,
              usage: { input_tokens: 9, output_tokens: 1 },
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
            delta: { type: 'text_delta', text: 'Hi there' },
          },
        ],
        ['content_block_stop', { type: 'content_block_stop', index: 0 }],
        [
          'message_delta',
          {
            type: 'message_delta',
            delta: { stop_reason: 'end_turn', stop_sequence: null },
            usage: { output_tokens: 3 },
          },
        ],
        ['message_stop', { type: 'message_stop' }],
      ]),
    });
    const result = streamText({
      model: anthropic('claude-test'),
      prompt: 'hi',
      maxOutputTokens: 50,
    });
    let text = '';
    for await (const t of result.textStream) text += t;
    assert.equal(text, 'Hi there');
    const span = telemetry.ours()[0]!;
    const ttfc = span.attributes['gen_ai.response.time_to_first_chunk'];
    assert.equal(typeof ttfc, 'number');
    assert.deepEqual(span.attributes, {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'anthropic',
      'gen_ai.request.model': 'claude-test',
      ...where(),
      'gen_ai.request.max_tokens': 50,
      'gen_ai.request.stream': true,
      'gen_ai.response.id': 'msg_v',
      'gen_ai.response.model': 'claude-test-20260101',
      'gen_ai.response.finish_reasons': ['end_turn'],
      'gen_ai.usage.input_tokens': 9,
      'gen_ai.usage.output_tokens': 3,
      'gen_ai.response.time_to_first_chunk': ttfc,
      'llm_otel.outcome': 'success',
    });
  });

  void it('embed with @ai-sdk/openai', async () => {
    const openai = createOpenAI({
      apiKey: 'sk-secret',
      baseURL: `${server.origin}/v1`,
    });
    server.reply({
      body: {
        object: 'list',
        data: [{ object: 'embedding', index: 0, embedding: [0.5, 0.25] }],
        model: 'text-embedding-3-small',
        usage: { prompt_tokens: 2, total_tokens: 2 },
      },
    });
    const r = await embed({
      model: openai.embedding('text-embedding-3-small'),
      value: 'hi',
    });
    assert.deepEqual(r.embedding, [0.5, 0.25]);
    const span = telemetry.ours()[0]!;
    assert.deepEqual(span.attributes, {
      'gen_ai.operation.name': 'embeddings',
      'gen_ai.provider.name': 'openai_compatible',
      'gen_ai.request.model': 'text-embedding-3-small',
      ...where(),
      'gen_ai.request.encoding_formats': ['float'],
      'gen_ai.response.model': 'text-embedding-3-small',
      'gen_ai.usage.input_tokens': 2,
      'gen_ai.embeddings.dimension.count': 2,
      'llm_otel.outcome': 'success',
    });
  });

  void it('a 429 retried by ai, which sends no retry header: the retry numbered 1', async () => {
    const openai = createOpenAI({
      apiKey: 'sk-secret',
      baseURL: `${server.origin}/v1`,
    });
    server.reply(
      {
        status: 429,
        headers: { 'retry-after-ms': '1' },
        body: {
          error: {
            message: 'Rate limit reached',
            type: 'requests',
            code: 'rate_limit_exceeded',
          },
        },
      },
      {
        body: {
          id: 'chatcmpl-r',
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
          usage: { prompt_tokens: 2, completion_tokens: 1, total_tokens: 3 },
        },
      },
    );
    const r = await generateText({
      model: openai.chat('gpt-4o'),
      prompt: 'hi',
    });
    assert.equal(r.text, 'ok');
    const common = {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai_compatible',
      'gen_ai.request.model': 'gpt-4o',
      ...where(),
    };
    assert.deepEqual(
      telemetry.ours().map(s => [s.status.code, s.attributes]),
      [
        [
          2,
          {
            ...common,
            'error.type': 'rate_limit_exceeded',
            'llm_otel.outcome': 'rate_limited',
          },
        ],
        [
          0,
          {
            ...common,
            'gen_ai.response.id': 'chatcmpl-r',
            'gen_ai.response.model': 'gpt-4o-2024-08-06',
            'gen_ai.response.finish_reasons': ['stop'],
            'gen_ai.usage.input_tokens': 2,
            'gen_ai.usage.output_tokens': 1,
            'llm_otel.outcome': 'success',
            'llm_otel.attempt': 1,
          },
        ],
      ],
    );
  });
});
