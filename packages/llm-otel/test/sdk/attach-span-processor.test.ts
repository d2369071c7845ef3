import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProxyTracerProvider } from '@opentelemetry/api';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import type { ReadableSpan, Span } from '@opentelemetry/sdk-trace-base';
import { attachSpanProcessor } from '../../src/sdk/attach-span-processor.js';

/** A processor that logs what it sees. */
function logging(): {
  seen: string[];
  onStart(span: Span): void;
  onEnd(span: ReadableSpan): void;
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
} {
  const seen: string[] = [];
  return {
    seen,
    onStart: span => seen.push(`start ${span.name}`),
    onEnd: span => seen.push(`end ${span.name}`),
    forceFlush: () => Promise.resolve(),
    shutdown: () => Promise.resolve(),
  };
}

void describe('attachSpanProcessor', () => {
  void it('adds a processor to a built provider, behind the API proxy too, until removed', () => {
    const provider = new BasicTracerProvider();
    const proxy = new ProxyTracerProvider();
    proxy.setDelegate(provider);
    const processor = logging();
    const remove = attachSpanProcessor(proxy, processor);
    assert.equal(typeof remove, 'function');
    provider.getTracer('t').startSpan('one').end();
    remove?.();
    provider.getTracer('t').startSpan('two').end();
    assert.deepEqual(processor.seen, ['start one', 'end one']);
  });

  void it('does nothing to a provider of unknown shape', () => {
    const processor = logging();
    assert.equal(attachSpanProcessor({}, processor), undefined);
    assert.equal(attachSpanProcessor(null, processor), undefined);
    assert.equal(
      attachSpanProcessor(
        { _activeSpanProcessor: { _spanProcessors: 1 } },
        processor,
      ),
      undefined,
    );
  });
});
