import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DiagLogLevel, diag } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import {
  pendingOtlpSpans,
  withSettledResources,
} from '../../src/sdk/pending-spans.js';

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

void describe('withSettledResources', () => {
  void it('swaps a resource with pending attributes for its settled ones, without the SDK error', async () => {
    const errors: string[] = [];
    diag.setLogger(
      {
        error: (m: string) => errors.push(m),
        warn: () => undefined,
        info: () => undefined,
        debug: () => undefined,
        verbose: () => undefined,
      },
      DiagLogLevel.ERROR,
    );
    try {
      // Merged as NodeSDK merges: the resource merged in (OTEL_SERVICE_NAME)
      // wins over the default one.
      const pending = resourceFromAttributes({
        'service.name': 'unknown_service:node',
        'host.id': new Promise<string>(() => undefined),
      }).merge(resourceFromAttributes({ 'service.name': 'app' }));
      assert.equal(pending.asyncAttributesPending, true);
      const provider = new BasicTracerProvider({ resource: pending });
      const span = provider.getTracer('t').startSpan('s');
      span.end();
      const readable = span as unknown as Parameters<
        typeof withSettledResources
      >[0][number];
      const [wrapped] = withSettledResources([readable]);
      assert.deepEqual(
        {
          name: wrapped!.name,
          spanId: wrapped!.spanContext().spanId,
          resource: wrapped!.resource.attributes,
          pending: wrapped!.resource.asyncAttributesPending,
        },
        {
          name: 's',
          spanId: span.spanContext().spanId,
          resource: { 'service.name': 'app' },
          pending: false,
        },
      );
      assert.deepEqual(errors, []);
      const settled = resourceFromAttributes({ 'service.name': 'app' });
      const plain = new BasicTracerProvider({ resource: settled })
        .getTracer('t')
        .startSpan('p');
      plain.end();
      const [same] = withSettledResources([
        plain as unknown as typeof readable,
      ]);
      assert.equal(same, plain);
      await provider.shutdown();
    } finally {
      diag.disable();
    }
  });
});
