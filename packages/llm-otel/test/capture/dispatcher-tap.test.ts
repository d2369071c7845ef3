// The dispatcher tap: global fetch's LLM calls are seen through the
// process-wide undici dispatcher, so the app keeps fetch's own Response on
// every Node. The tap changes nothing else: the dispatcher object, its other
// traffic, what fetch's callbacks return, and everything after disable.

import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, beforeEach, describe, it } from 'node:test';
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { Agent, getGlobalDispatcher, setGlobalDispatcher } from 'undici';
import { enableCapture } from '../../src/capture/install-capture.js';
import { FakeRecorder, eventually } from './fake-recorder.js';
import { CHAT_JSON, startLoopback, streamBody } from './loopback-server.js';
import type { Loopback } from './loopback-server.js';

const GLOBAL_DISPATCHER = Symbol.for('undici.globalDispatcher.1');
const recorder = new FakeRecorder();
let server: Loopback;
let disable: (() => void) | undefined;

const globalDispatcher = (): object =>
  (globalThis as Record<symbol, object>)[GLOBAL_DISPATCHER]!;

const isOriginal = (res: Response): boolean =>
  Object.getPrototypeOf(res) === Response.prototype;

function ownKeys(object: object): unknown {
  return Reflect.ownKeys(object).map(key =>
    typeof key === 'symbol' ? key.toString() : key,
  );
}

async function finished(): Promise<{ calls: string[]; body: string }> {
  await eventually(
    () =>
      recorder.exchanges.length === 1 &&
      ['end', 'fail'].some(c =>
        recorder.exchanges[0]!.calls.at(-1)!.startsWith(c),
      ),
  );
  const [e] = recorder.exchanges;
  return {
    calls: FakeRecorder.collapsed(e!.calls),
    body: Buffer.concat(e!.chunks).toString(),
  };
}

const post = { method: 'POST', body: '{"model":"m","stream":true}' };

void describe('dispatcher tap', () => {
  before(async () => {
    server = await startLoopback();
    context.setGlobalContextManager(
      new AsyncLocalStorageContextManager().enable(),
    );
    // The bundled undici, and its global dispatcher, load on the first call.
    await fetch('data:,');
  });
  after(async () => {
    disable?.();
    context.disable();
    await server.close();
  });
  beforeEach(() => {
    recorder.reset();
    disable ??= enableCapture(recorder);
  });

  void it('leaves the dispatcher object as it was, but for a hidden own dispatch, removed on disable', async () => {
    disable?.();
    disable = undefined;
    // undici sets some of its own state on the first dispatch.
    await (await fetch(`${server.origin}/other`)).text();
    const dispatcher = globalDispatcher();
    const keysBefore = ownKeys(dispatcher);
    const dispatchBefore = (dispatcher as { dispatch: unknown }).dispatch;
    disable = enableCapture(recorder);
    await (await fetch(`${server.origin}/v1/chat/completions`)).text();
    const descriptor = Object.getOwnPropertyDescriptor(dispatcher, 'dispatch');
    assert.deepEqual(
      {
        same: globalDispatcher() === dispatcher,
        others: (ownKeys(dispatcher) as unknown[]).filter(
          k => k !== 'dispatch',
        ),
        dispatch: {
          own: descriptor !== undefined,
          enumerable: descriptor?.enumerable,
        },
      },
      {
        same: true,
        others: keysBefore,
        dispatch: { own: true, enumerable: false },
      },
    );
    disable();
    disable = undefined;
    assert.deepEqual(ownKeys(dispatcher), keysBefore);
    assert.equal(
      (dispatcher as { dispatch: unknown }).dispatch,
      dispatchBefore,
    );
  });

  void it("reports a stream chunk by chunk while the app reads fetch's own Response", async () => {
    const res = await fetch(`${server.origin}/v1/stream?n=5`, post);
    assert.equal(isOriginal(res), true);
    assert.equal(await res.text(), streamBody(5));
    assert.deepEqual(await finished(), {
      calls: ['responseHeaders 200', 'chunk*', 'end'],
      body: streamBody(5),
    });
  });

  void it('reports the end of a stream the app leaves after its first chunk, as @google/genai does on break', async () => {
    const res = await fetch(`${server.origin}/v1/stream?n=5`, post);
    const reader = res.body!.getReader();
    await reader.read();
    reader.releaseLock(); // Neither read to the end nor cancelled.
    assert.deepEqual(await finished(), {
      calls: ['responseHeaders 200', 'chunk*', 'end'],
      body: streamBody(5),
    });
  });

  void it('reports a stream cut while the app is not reading as a network failure, when it happens', async () => {
    const res = await fetch(`${server.origin}/v1/cut`, post);
    const reader = res.body!.getReader();
    await reader.read();
    const seen = await finished();
    assert.deepEqual(seen, {
      calls: ['responseHeaders 200', 'chunk*', 'fail network'],
      body: 'data: {"a"',
    });
    // The recorder has the socket's error, which fetch's carries as its cause.
    const error = await reader.read().then(
      () => undefined,
      (e: unknown) => e as { message: string; cause: unknown },
    );
    assert.equal(error?.message, 'terminated');
    assert.equal(error.cause, recorder.exchanges[0]!.failure!.error);
  });

  void it('does not interfere with the error of a cut stream: no frame of ours in its stack, and the failure still reported', async () => {
    const res = await fetch(`${server.origin}/v1/cut`, post);
    const error = await res.text().then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    const seen = await finished();
    assert.deepEqual(seen.calls, [
      'responseHeaders 200',
      'chunk*',
      'fail network',
    ]);
    assert.equal(error?.message, 'terminated');
    const ours = fileURLToPath(new URL('../../src/', import.meta.url));
    const frames = error.stack!.split('\n').slice(1);
    assert.ok(frames.length > 0);
    assert.deepEqual(
      frames.filter(frame => frame.includes(ours)),
      [],
    );
  });

  void it('reports the failure of a call that was under way when capture was disabled', async () => {
    const res = await fetch(`${server.origin}/v1/cut`, post);
    disable?.();
    disable = undefined;
    await res.text().catch(() => undefined);
    const seen = await finished();
    assert.deepEqual(seen.calls, [
      'responseHeaders 200',
      'chunk*',
      'fail network',
    ]);
  });

  void it('taps a global dispatcher the app installs later, and reports each byte once', async () => {
    const bundled = getGlobalDispatcher();
    const agent = new Agent();
    setGlobalDispatcher(agent);
    try {
      // Fetch's own dispatcher now: the npm undici, which also publishes the
      // body-chunk channels the undici layer listens to.
      const res = await fetch(`${server.origin}/v1/chat/completions`);
      assert.equal(isOriginal(res), true);
      assert.equal(await res.text(), CHAT_JSON);
      assert.deepEqual(await finished(), {
        calls: ['responseHeaders 200', 'chunk*', 'end'],
        body: CHAT_JSON,
      });
      assert.equal(
        Object.getOwnPropertyDescriptor(agent, 'dispatch')?.enumerable,
        false,
      );
    } finally {
      setGlobalDispatcher(bundled);
      await agent.close();
    }
  });

  void it('does not interfere with dispatches outside an LLM fetch call: the handler goes through as it is', async () => {
    await (await fetch(`${server.origin}/v1/chat/completions`)).text();
    const dispatcher = globalDispatcher() as {
      dispatch(opts: object, handler: object): boolean;
    };
    const handler = {
      onConnect: () => undefined,
      onHeaders: () => true,
      onData: () => true,
      onComplete: (): void => undefined,
      onError: () => undefined,
    };
    const callbacks = { ...handler };
    const done = new Promise<void>(resolve => {
      handler.onComplete = callbacks.onComplete = () => resolve();
    });
    dispatcher.dispatch(
      { origin: server.origin, path: '/other', method: 'GET' },
      handler,
    );
    await done;
    assert.deepEqual(handler, callbacks);
    assert.equal(recorder.exchanges.length, 1);
  });

  void it('keeps a wrapper someone put over the tap on disable', async () => {
    await (await fetch(`${server.origin}/v1/chat/completions`)).text();
    const dispatcher = globalDispatcher() as { dispatch: unknown };
    const tapped = dispatcher.dispatch as (...args: unknown[]) => unknown;
    const theirs = function (this: unknown, ...args: unknown[]): unknown {
      return tapped.apply(this, args);
    };
    dispatcher.dispatch = theirs;
    disable?.();
    disable = undefined;
    assert.equal(dispatcher.dispatch, theirs);
    // Theirs still works, and the tap inside it stays out of the way.
    recorder.reset();
    const res = await fetch(`${server.origin}/v1/chat/completions`);
    assert.equal(await res.text(), CHAT_JSON);
    assert.deepEqual(recorder.exchanges, []);
    delete (dispatcher as Partial<typeof dispatcher>).dispatch;
  });
});
