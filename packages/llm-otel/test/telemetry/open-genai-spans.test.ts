import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Attributes } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import {
  MAX_OPEN_GENAI_SPANS,
  OpenGenAiSpans,
} from '../../src/telemetry/open-genai-spans.js';

function setUp(): {
  open: OpenGenAiSpans;
  start: (name: string, attributes: Attributes) => { end(): void };
  superseded: () => string[];
} {
  const open = new OpenGenAiSpans();
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(exporter), open],
  });
  const tracer = provider.getTracer('gen_ai');
  return {
    open,
    start: (name, attributes) => tracer.startSpan(name, { attributes }),
    superseded: () =>
      exporter
        .getFinishedSpans()
        .filter(s => s.attributes['llm_otel.superseded'] === true)
        .map(s => s.name),
  };
}

const embeddings = (model: string): Attributes => ({
  'gen_ai.operation.name': 'embeddings',
  'gen_ai.provider.name': 'openai',
  'gen_ai.request.model': model,
});

void describe('OpenGenAiSpans', () => {
  void it('keeps the model-call spans of other instrumentations while they are open', () => {
    const { open, start } = setUp();
    const outer = start('embeddings a', embeddings('a'));
    const inner = start('embeddings a', embeddings('a'));
    const other = start('chat b', {
      ...embeddings('b'),
      'gen_ai.operation.name': 'chat',
    });
    assert.equal(open.size, 3);
    inner.end();
    outer.end();
    assert.equal(open.size, 1);
    other.end();
    assert.equal(open.size, 0);
  });

  void it('keeps no agent, tool or step span, none without a model, none of ours, none that is not gen_ai', () => {
    const { open, start } = setUp();
    for (const operation of [
      'invoke_agent',
      'execute_tool',
      'create_agent',
      'agent_step',
    ])
      start(operation, {
        ...embeddings('a'),
        'gen_ai.operation.name': operation,
      });
    start('chat', { 'gen_ai.operation.name': 'chat' });
    start('ours', { ...embeddings('a'), 'llm_otel.feature': 'unattributed' });
    start('GET', { 'http.request.method': 'GET' });
    assert.equal(open.size, 0);
  });

  void it('marks the open spans of one model superseded, and no other', () => {
    const { open, start, superseded } = setUp();
    const a1 = start('embeddings a (outer)', embeddings('a'));
    const a2 = start('embeddings a (inner)', embeddings('a'));
    const b = start('embeddings b', embeddings('b'));
    open.supersede('a');
    open.supersede('c');
    for (const span of [a2, a1, b]) span.end();
    assert.deepEqual(superseded(), [
      'embeddings a (inner)',
      'embeddings a (outer)',
    ]);
  });

  void it(`keeps at most ${MAX_OPEN_GENAI_SPANS} spans, and forgets spans it did not keep`, () => {
    const { open, start } = setUp();
    const spans = [];
    for (let i = 0; i <= MAX_OPEN_GENAI_SPANS; i++)
      spans.push(start('embeddings', embeddings(`m${i % 7}`)));
    assert.equal(open.size, MAX_OPEN_GENAI_SPANS);
    for (const span of spans) span.end();
    assert.equal(open.size, 0);
  });
});
