// The recorder ends spans one event-loop turn after a call ends (off the
// app's path). A shutdown or flush started in the same turn must still carry
// that call: stop() and drainDeferredWork() finish the deferred work first.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  type ReadableSpan,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base';
import { startMockLlm, type MockLlm } from '@x/mock-llm';
import OpenAI from 'openai';
import { drainDeferredWork, instrumentLlmCalls } from '../../src/index.js';

// Keeps what it is given, even after shutdown (InMemorySpanExporter clears).
function keepingExporter(): SpanExporter & { spans: ReadableSpan[] } {
  const spans: ReadableSpan[] = [];
  return {
    spans,
    export(batch, done) {
      spans.push(...batch);
      done({ code: 0 });
    },
    shutdown: () => Promise.resolve(),
  };
}

function setUp() {
  const exporter = keepingExporter();
  const tracerProvider = new BasicTracerProvider({
    spanProcessors: [new BatchSpanProcessor(exporter)],
  });
  const meterProvider = new MeterProvider();
  const stop = instrumentLlmCalls({ tracerProvider, meterProvider });
  return { exporter, tracerProvider, stop };
}

const spanSummary = (spans: ReadableSpan[]) =>
  spans.map(s => ({
    name: s.name,
    outcome: s.attributes['llm_otel.outcome'],
    output: s.attributes['gen_ai.usage.output_tokens'],
  }));

void describe('flush right after a call', () => {
  let mock: MockLlm;
  before(async () => {
    context.setGlobalContextManager(
      new AsyncLocalStorageContextManager().enable(),
    );
    mock = await startMockLlm({ port: 0, scenario: 'tokens=5' });
  });
  after(() => mock.close());

  void it('stop() then the provider shutdown in the same turn exports the call', async () => {
    const { exporter, tracerProvider, stop } = setUp();
    const openai = new OpenAI({ baseURL: `${mock.url}/v1`, apiKey: 'k' });
    await openai.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'hi' }],
    });
    stop();
    await tracerProvider.shutdown();
    assert.deepEqual(spanSummary(exporter.spans), [
      { name: 'chat gpt-4o-mini', outcome: 'success', output: 5 },
    ]);
  });

  void it('drainDeferredWork() before an own forceFlush exports a stream that just ended', async () => {
    const { exporter, tracerProvider, stop } = setUp();
    try {
      const openai = new OpenAI({ baseURL: `${mock.url}/v1`, apiKey: 'k' });
      const stream = await openai.chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'hi' }],
        stream: true,
        stream_options: { include_usage: true },
      });
      let text = '';
      for await (const chunk of stream)
        text += chunk.choices[0]?.delta.content ?? '';
      assert.equal(text.split(' ').length, 5);
      drainDeferredWork();
      await tracerProvider.forceFlush();
      assert.deepEqual(spanSummary(exporter.spans), [
        { name: 'chat gpt-4o-mini', outcome: 'success', output: 5 },
      ]);
    } finally {
      stop();
      await tracerProvider.shutdown();
    }
  });
});
