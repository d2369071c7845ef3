// The real @google/genai client against a loopback server speaking the
// Gemini API wire format (generateContent, streamGenerateContent?alt=sse).
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { GoogleGenAI } from '@google/genai';
import { setUpTelemetry } from './telemetry-setup.js';
import type { Telemetry } from './telemetry-setup.js';
import { sse, startWireServer } from './wire-server.js';
import type { WireServer } from './wire-server.js';

let server: WireServer;
let telemetry: Telemetry;
let client: GoogleGenAI;

before(async () => {
  server = await startWireServer();
  telemetry = setUpTelemetry();
  client = new GoogleGenAI({
    apiKey: 'AIza-secret',
    httpOptions: { baseUrl: server.origin },
  });
});
after(async () => {
  await telemetry.stop();
  await server.close();
});
beforeEach(() => telemetry.reset());

const MODEL = 'gemini-2.5-flash';

const answer = (text: string, finishReason?: string) => ({
  candidates: [
    {
      content: { role: 'model', parts: [{ text }] },
      index: 0,
      ...(finishReason === undefined ? {} : { finishReason }),
    },
  ],
  modelVersion: MODEL,
  responseId: 'resp-1',
});

void describe('@google/genai client', () => {
  void it('generateContent: output tokens are candidates + thoughts', async () => {
    server.reply({
      body: {
        ...answer('Hello', 'STOP'),
        usageMetadata: {
          promptTokenCount: 8,
          candidatesTokenCount: 3,
          thoughtsTokenCount: 2,
          totalTokenCount: 13,
        },
      },
    });
    const r = await client.models.generateContent({
      model: MODEL,
      contents: 'hi',
      config: { temperature: 0.1, maxOutputTokens: 64 },
    });
    assert.equal(r.text, 'Hello');
    assert.ok(
      !server.received.at(-1)!.path.includes('AIza'),
      'key travels in a header here',
    );
    const span = telemetry.ours()[0]!;
    assert.equal(span.name, `generate_content ${MODEL}`);
    assert.deepEqual(span.attributes, {
      'gen_ai.operation.name': 'generate_content',
      'gen_ai.provider.name': span.attributes['gen_ai.provider.name'],
      'gen_ai.request.model': MODEL,
      'server.address': '127.0.0.1',
      'server.port': Number(new URL(server.origin).port),
      'llm_otel.feature': 'unattributed',
      'gen_ai.request.temperature': 0.1,
      'gen_ai.request.max_tokens': 64,
      'gen_ai.response.id': 'resp-1',
      'gen_ai.response.model': MODEL,
      'gen_ai.response.finish_reasons': ['STOP'],
      'gen_ai.usage.input_tokens': 8,
      'gen_ai.usage.output_tokens': 5,
      'gen_ai.usage.reasoning.output_tokens': 2,
      'llm_otel.outcome': 'success',
    });
    assert.equal(span.attributes['gen_ai.provider.name'], 'gcp.gen_ai');
    const m = await telemetry.metrics();
    assert.deepEqual(
      m
        .get('gen_ai.client.token.usage')
        ?.map(p => [p.attributes['gen_ai.token.type'], p.value]),
      [
        ['input', { count: 1, sum: 8 }],
        ['output', { count: 1, sum: 5 }],
      ],
    );
  });

  void it('generateContentStream (alt=sse)', async () => {
    server.reply({
      chunks: sse(
        [
          answer('Hel'),
          answer('lo'),
          {
            ...answer('', 'STOP'),
            usageMetadata: {
              promptTokenCount: 4,
              candidatesTokenCount: 2,
              totalTokenCount: 6,
            },
          },
        ],
        false,
      ),
    });
    let text = '';
    for await (const c of await client.models.generateContentStream({
      model: MODEL,
      contents: 'hi',
    }))
      text += c.text ?? '';
    assert.equal(text, 'Hello');
    assert.match(
      server.received.at(-1)!.path,
      /:streamGenerateContent\?alt=sse$/,
    );
    const span = telemetry.ours()[0]!;
    const ttfc = span.attributes['gen_ai.response.time_to_first_chunk'];
    assert.equal(typeof ttfc, 'number');
    assert.deepEqual(span.attributes, {
      'gen_ai.operation.name': 'generate_content',
      'gen_ai.provider.name': 'gcp.gen_ai',
      'gen_ai.request.model': MODEL,
      'gen_ai.request.stream': true,
      'server.address': '127.0.0.1',
      'server.port': Number(new URL(server.origin).port),
      'llm_otel.feature': 'unattributed',
      'gen_ai.response.id': 'resp-1',
      'gen_ai.response.model': MODEL,
      'gen_ai.response.finish_reasons': ['STOP'],
      'gen_ai.usage.input_tokens': 4,
      'gen_ai.usage.output_tokens': 2,
      'gen_ai.response.time_to_first_chunk': ttfc,
      'llm_otel.outcome': 'success',
    });
  });
});

void describe('@google/genai client, its own timeout', () => {
  void it('an attempt the SDK times out (httpOptions.timeout) is a timeout, not a cancel', async () => {
    const timed = new GoogleGenAI({
      apiKey: 'AIza-secret',
      httpOptions: { baseUrl: server.origin, timeout: 2000 },
    });
    server.reply({ delayMs: 3000, body: answer('late', 'STOP') });
    await assert.rejects(
      timed.models.generateContent({ model: MODEL, contents: 'hi' }),
      (error: Error) => error.name === 'AbortError',
    );
    const span = telemetry.ours()[0]!;
    assert.deepEqual(
      {
        outcome: span.attributes['llm_otel.outcome'],
        errorType: span.attributes['error.type'],
      },
      { outcome: 'timeout', errorType: 'timeout' },
    );
  });
});
