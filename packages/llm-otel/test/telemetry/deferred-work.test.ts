import assert from 'node:assert/strict';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { ROOT_CONTEXT, context, trace } from '@opentelemetry/api';
import type { Span } from '@opentelemetry/api';
import { hrTimeToMilliseconds } from '@opentelemetry/core';
import type { MatchedProvider } from '../../src/providers/registry.js';
import type { ProviderModule } from '../../src/providers/types.js';
import {
  MAX_DEFERRED,
  MAX_DEFERRED_BYTES,
  defer,
  drainDeferredWork,
} from '../../src/telemetry/deferred-work.js';
import { MAX_QUEUED_RESPONSE_BYTES } from '../../src/telemetry/attempt-sink.js';
import {
  bytes,
  createHarness,
  ensureContextManager,
  request,
} from './harness.js';

ensureContextManager();

/** A provider whose parser logs every push and counts "data:" as chunks. */
function loggingProvider(
  log: string[],
): (method: string, url: URL) => MatchedProvider {
  const decoder = new TextDecoder();
  const module: ProviderModule = {
    match: () => undefined,
    parseRequest: () => {
      log.push('request');
      return { model: 'm', stream: true };
    },
    createResponseParser() {
      log.push('parser');
      return {
        push(chunk) {
          const text = decoder.decode(chunk);
          log.push(`push ${chunk.byteLength}`);
          return text.split('data:').length - 1;
        },
        finish(cut) {
          log.push('finish');
          return { complete: !cut };
        },
      };
    },
  };
  return () => ({
    match: {
      provider: 'openai',
      operation: 'chat',
      api: 'openai.chat',
      confirmByBody: false,
    },
    module,
  });
}

void describe('deferred recorder work', () => {
  void it('runs queued work in the next turn, in order, or at once on drain', async () => {
    const ran: number[] = [];
    defer({ runDeferred: () => ran.push(1) });
    defer({ runDeferred: () => ran.push(2) });
    assert.equal(ran.length, 0);
    await nextTurn();
    assert.deepEqual(ran, [1, 2]);
    defer({ runDeferred: () => ran.push(3) });
    drainDeferredWork();
    assert.deepEqual(ran, [1, 2, 3]);
    await nextTurn();
    assert.deepEqual(ran, [1, 2, 3]);
  });

  void it('runs work at once when MAX_DEFERRED pieces already wait (bounded queue)', () => {
    let ran = 0;
    for (let i = 0; i < MAX_DEFERRED; i++) defer({ runDeferred: () => ran++ });
    assert.equal(ran, 0);
    defer({ runDeferred: () => ran++ });
    assert.equal(ran, 1);
    drainDeferredWork();
    assert.equal(ran, MAX_DEFERRED + 1);
  });

  void it('parses and ends off the path, with the times taken in the path', async () => {
    const log: string[] = [];
    const h = createHarness({ provider: loggingProvider(log) });
    const start = performance.now();
    const sink = h.recorder.begin(request({ startTime: start }))!;
    sink.responseHeaders(200, { 'content-type': 'text/event-stream' });
    const beforeFirst = performance.now();
    sink.responseChunk(bytes('data: {}\n\n'));
    const afterFirst = performance.now();
    sink.responseChunk(bytes('data: {}\n\ndata: {}\n\n'));
    const beforeEnd = performance.now();
    sink.end();
    const afterEnd = performance.now();
    // Nothing parsed or exported in the app's path.
    assert.deepEqual(log, []);
    assert.deepEqual(h.exportedSoFar(), []);
    await nextTurn();
    assert.deepEqual(log, [
      'request',
      'parser',
      'push 10',
      'push 20',
      'finish',
    ]);
    const [span] = h.exportedSoFar();
    assert.equal(h.exportedSoFar().length, 1);
    // Float rounding of the HrTime conversion: well under 1 µs.
    const eps = 0.001;
    // The span keeps the attempt's start (a performance.now() value): its
    // end in the same clock is start + duration.
    const end = start + hrTimeToMilliseconds(span!.duration);
    assert.ok(end >= beforeEnd - eps && end <= afterEnd + eps, `${end}`);
    const ttfc = span!.attributes['gen_ai.response.time_to_first_chunk'];
    assert.equal(typeof ttfc, 'number');
    const firstAt = start + (ttfc as number) * 1000;
    assert.ok(
      firstAt >= beforeFirst - eps && firstAt <= afterFirst + eps,
      `${firstAt}`,
    );
    await h.shutdown();
  });

  void it('parses at once once an attempt holds more than its byte bound', async () => {
    const log: string[] = [];
    const h = createHarness({ provider: loggingProvider(log) });
    const sink = h.recorder.begin(request())!;
    sink.responseHeaders(200, { 'content-type': 'text/event-stream' });
    const piece = new Uint8Array(64 * 1024).fill(0x20);
    const pieces = Math.floor(MAX_QUEUED_RESPONSE_BYTES / piece.byteLength);
    for (let i = 0; i < pieces; i++) sink.responseChunk(piece);
    assert.deepEqual(log, []);
    sink.responseChunk(piece);
    assert.deepEqual(log, [
      'request',
      'parser',
      ...Array.from({ length: pieces + 1 }, () => 'push 65536'),
    ]);
    sink.end();
    drainDeferredWork();
    assert.equal(log.at(-1), 'finish');
    await h.shutdown();
  });

  void it('parses at once once all attempts together hold more than MAX_DEFERRED_BYTES, and counts only what waits', async () => {
    const log: string[] = [];
    const h = createHarness({ provider: loggingProvider(log) });
    const piece = new Uint8Array(64 * 1024).fill(0x20);
    // Attempts that each stay under their own bound, together at the total.
    const perAttempt = 2;
    const attempts = MAX_DEFERRED_BYTES / (perAttempt * piece.byteLength);
    const open = () => {
      const sink = h.recorder.begin(request())!;
      sink.responseHeaders(200, { 'content-type': 'text/event-stream' });
      return sink;
    };
    const sinks = Array.from({ length: attempts }, open);
    for (const sink of sinks)
      for (let i = 0; i < perAttempt; i++) sink.responseChunk(piece);
    assert.deepEqual(log, []);
    // One byte more, from another attempt: that attempt parses in the path.
    const over = open();
    over.responseChunk(bytes('data: {}\n\n'));
    assert.deepEqual(log, ['request', 'parser', 'push 10']);
    await nextTurn();
    assert.equal(
      log.filter(l => l === 'push 65536').length,
      attempts * perAttempt,
    );
    // All parsed and let go: the next chunk waits for its turn again.
    log.length = 0;
    over.responseChunk(bytes('data: {}\n\n'));
    assert.deepEqual(log, []);
    await nextTurn();
    assert.deepEqual(log, ['push 10']);
    for (const sink of [...sinks, over]) sink.end();
    await h.shutdown();
  });

  void it('times a chunk by the arrival time capture passes with it, else by its own clock', async () => {
    const log: string[] = [];
    const h = createHarness({ provider: loggingProvider(log) });
    // A chunk capture held back (the handover replays chunks that came
    // before fetch settled) arrived 250 ms after the request started.
    const held = h.recorder.begin(request({ startTime: 1000 }))!;
    held.responseHeaders(200, { 'content-type': 'text/event-stream' });
    held.responseChunk(bytes('data: {}\n\n'), 1250);
    held.end();
    const liveRequest = request();
    const live = h.recorder.begin(liveRequest)!;
    live.responseHeaders(200, { 'content-type': 'text/event-stream' });
    const before = performance.now();
    live.responseChunk(bytes('data: {}\n\n'));
    const after = performance.now();
    const liveStart = liveRequest.startTime;
    live.end();
    await nextTurn();
    const [heldSpan, liveSpan] = h.exportedSoFar();
    assert.equal(
      heldSpan!.attributes['gen_ai.response.time_to_first_chunk'],
      0.25,
    );
    const liveTtfc = liveSpan!.attributes[
      'gen_ai.response.time_to_first_chunk'
    ] as number;
    assert.ok(
      liveTtfc >= (before - liveStart) / 1000 &&
        liveTtfc <= (after - liveStart) / 1000,
      `${liveTtfc}`,
    );
    await h.shutdown();
  });

  void it("parses the request in begin() only under another instrumentation's gen_ai span (it may be superseded)", () => {
    const log: string[] = [];
    const h = createHarness({ provider: loggingProvider(log) });
    const tracer = h.tracerProvider.getTracer('sdk');
    const sdkSpan = tracer.startSpan('chat m', {
      attributes: { 'gen_ai.operation.name': 'chat' },
    });
    const serverSpan = tracer.startSpan('POST /summarize');
    const parsedInBegin = (parent: Span | undefined) => {
      log.length = 0;
      const ctx =
        parent === undefined
          ? ROOT_CONTEXT
          : trace.setSpan(ROOT_CONTEXT, parent);
      context.with(ctx, () => h.recorder.begin(request()));
      const inBegin = log.includes('request');
      drainDeferredWork();
      return inBegin;
    };
    assert.deepEqual(
      {
        sdkSpan: parsedInBegin(sdkSpan),
        serverSpan: parsedInBegin(serverSpan),
        none: parsedInBegin(undefined),
        appBytes: (() => {
          log.length = 0;
          h.recorder.begin(request({ body: new TextEncoder().encode('{}') }));
          return log.includes('request');
        })(),
      },
      { sdkSpan: true, serverSpan: false, none: false, appBytes: false },
    );
    sdkSpan.end();
    serverSpan.end();
  });
});
