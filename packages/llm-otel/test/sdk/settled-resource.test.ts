import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DiagLogLevel, diag } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { withSettledResources } from '../../src/sdk/settled-resource.js';

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
