import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { pendingOtlpSpans } from '../../src/sdk/pending-spans.js';

/** A batch processor that would export only after the test ended. */
function batch(exporter: OTLPTraceExporter | InMemorySpanExporter) {
  return new BatchSpanProcessor(exporter, { scheduledDelayMillis: 600_000 });
}

void describe('pendingOtlpSpans', () => {
  void it('returns the ended spans a batch processor holds for an OTLP exporter, oldest first', async () => {
    const otlp = new OTLPTraceExporter({ url: 'http://127.0.0.1:1/v1/traces' });
    const memory = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({
      spanProcessors: [
        batch(otlp),
        batch(memory),
        new SimpleSpanProcessor(new InMemorySpanExporter()),
      ],
    });
    const tracer = provider.getTracer('t');
    tracer.startSpan('first').end();
    tracer.startSpan('second').end();
    tracer.startSpan('still open');
    assert.deepEqual(
      pendingOtlpSpans(provider).map(s => s.name),
      ['first', 'second'],
    );
    // Not the other exporters' copies: those are not ours to send.
    await provider.shutdown().catch(() => undefined);
  });

  void it('returns nothing for a provider it does not know the shape of', () => {
    assert.deepEqual(
      [
        pendingOtlpSpans(undefined),
        pendingOtlpSpans({}),
        pendingOtlpSpans({ _activeSpanProcessor: { _spanProcessors: 'x' } }),
      ],
      [[], [], []],
    );
  });
});
