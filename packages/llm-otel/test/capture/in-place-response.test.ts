// A JSON answer observed in place (in-place-response.ts): the app keeps
// fetch's own Response where undici keeps its state in a symbol (Node 20 and
// 22); everywhere, every way of reading it gives the app what it gives
// without capture, and the recorder the bytes once. The calls pass their own
// dispatcher: through the process-wide one, the dispatcher tap sees the bytes
// and fetch's Response is left as it is (dispatcher-tap.test.ts).
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { enableFetchCapture } from '../../src/capture/fetch.js';
import { FakeRecorder, eventually } from './fake-recorder.js';
import { ownDispatcherFetch } from './own-dispatcher.js';
import { CHAT_JSON, startLoopback } from './loopback-server.js';
import type { Loopback } from './loopback-server.js';

const recorder = new FakeRecorder();
// With the app's own dispatcher: responses the fetch layer observes itself.
const own = ownDispatcherFetch();
const appFetch = own.fetch;
let server: Loopback;
let disable: (() => void) | undefined;

const on = (): void => {
  disable ??= enableFetchCapture(recorder);
};
const off = (): void => {
  disable?.();
  disable = undefined;
};

async function outcome(run: () => Promise<unknown>): Promise<unknown> {
  try {
    const value = await run();
    if (value instanceof ArrayBuffer)
      return { bytes: [...new Uint8Array(value)] };
    if (value instanceof Uint8Array)
      return { type: value.constructor.name, bytes: [...value] };
    if (value instanceof Blob)
      return { blob: value.type, text: await value.text() };
    return { value };
  } catch (error) {
    const e = error as Error;
    return {
      error: e.name,
      message: e.message,
      constructor: e.constructor.name,
    };
  }
}

type Read = (res: Response) => Promise<unknown>;

const reads: Record<string, Read> = {
  json: res => res.json(),
  text: res => res.text(),
  arrayBuffer: res => res.arrayBuffer(),
  blob: res => res.blob(),
  formData: res => res.formData(),
  'body reader': async res => {
    const chunks: Buffer[] = [];
    for await (const chunk of res.body!) chunks.push(Buffer.from(chunk));
    return Buffer.concat(chunks).toString();
  },
  'clone().json(), as @anthropic-ai/sdk does': res => res.clone().json(),
  'json() twice': async res => {
    await res.json();
    return res.text();
  },
};
if (typeof (Response.prototype as { bytes?: unknown }).bytes === 'function')
  reads['bytes'] = res =>
    (res as Response & { bytes(): Promise<Uint8Array> }).bytes();

const url = (path: string): string => `${server.origin}${path}`;

void describe('in-place fetch Response (JSON answers)', () => {
  before(async () => {
    server = await startLoopback();
  });
  after(async () => {
    off();
    await own.close();
    await server.close();
  });
  beforeEach(() => {
    off();
    recorder.reset();
  });

  void it("gives the app fetch's own Response where undici keeps its state in a symbol", async () => {
    const plain = await appFetch(url('/v1/chat/completions'));
    await plain.text();
    const symbolState = Object.getOwnPropertySymbols(plain).length > 0;
    const real = globalThis.fetch;
    let fromFetch: Response | undefined;
    globalThis.fetch = async (...args: Parameters<typeof fetch>) =>
      (fromFetch = await real(...args));
    try {
      on();
      const res = await appFetch(url('/v1/chat/completions'));
      assert.equal(res === fromFetch, symbolState);
      assert.equal(res instanceof Response, true);
      assert.equal(res.constructor.name, 'Response');
      assert.equal(await res.text(), CHAT_JSON);
    } finally {
      off();
      globalThis.fetch = real;
    }
  });

  for (const [name, read] of Object.entries(reads)) {
    void it(`${name}: the app's result as without capture, the bytes reported once`, async () => {
      const plainRes = await appFetch(url('/v1/chat/completions'));
      const plain = await outcome(() => read(plainRes));
      on();
      const res = await appFetch(url('/v1/chat/completions'));
      const observed = await outcome(() => read(res));
      assert.deepEqual([observed, res.bodyUsed], [plain, plainRes.bodyUsed]);
      const [exchange] = recorder.exchanges;
      if (name === 'formData') {
        // formData() of JSON fails without reading to the end, as without
        // capture; only the GC or the exit hooks end this exchange.
        assert.equal(exchange!.calls[0], 'responseHeaders 200');
        return;
      }
      await eventually(() => exchange!.calls.at(-1) === 'end');
      assert.equal(Buffer.concat(exchange!.chunks).toString(), CHAT_JSON);
    });
  }

  void it('the bytes the app gets are its own: changing them leaves the recorded ones', async () => {
    on();
    const res = await appFetch(url('/v1/chat/completions'));
    const buffer = new Uint8Array(await res.arrayBuffer());
    buffer.fill(0x20);
    assert.equal(
      Buffer.concat(recorder.exchanges[0]!.chunks).toString(),
      CHAT_JSON,
    );
  });

  void it('a JSON body cut mid-way: the same error to the app, network with the bytes that came', async () => {
    const plain = await outcome(async () =>
      (await appFetch(url('/v1/cut-json'))).json(),
    );
    on();
    const res = await appFetch(url('/v1/cut-json'));
    let caught: unknown;
    const observed = await outcome(() =>
      res.json().catch((error: unknown) => {
        caught = error;
        throw error;
      }),
    );
    assert.deepEqual(observed, plain);
    const [exchange] = recorder.exchanges;
    assert.deepEqual(exchange!.calls, [
      'responseHeaders 200',
      'chunk',
      'fail network',
    ]);
    assert.equal(exchange!.failure?.error, caught);
    assert.equal(
      Buffer.concat(exchange!.chunks).toString(),
      CHAT_JSON.slice(0, 40),
    );
  });

  void it('malformed JSON: the same SyntaxError, and the body reported whole', async () => {
    const plain = await outcome(async () =>
      (await appFetch(url('/v1/malformed'))).json(),
    );
    on();
    const observed = await outcome(async () =>
      (await appFetch(url('/v1/malformed'))).json(),
    );
    assert.deepEqual(observed, plain);
    assert.equal((observed as { error: string }).error, 'SyntaxError');
    assert.deepEqual(recorder.exchanges[0]!.calls, [
      'responseHeaders 200',
      'chunk',
      'end',
    ]);
  });

  void it('an abort while the app reads a JSON body is an abort, with the same error', async () => {
    on();
    const controller = new AbortController();
    const res = await appFetch(url('/v1/hang-json'), {
      signal: controller.signal,
    });
    const reading = res.text();
    await eventually(() => recorder.exchanges[0]!.chunks.length === 1);
    controller.abort();
    let caught: unknown;
    await reading.catch((error: unknown) => {
      caught = error;
    });
    assert.equal((caught as Error).name, 'AbortError');
    assert.deepEqual(recorder.exchanges[0]!.calls, [
      'responseHeaders 200',
      'chunk',
      'fail abort',
    ]);
    assert.equal(recorder.exchanges[0]!.failure?.error, caught);
  });

  void it('keeps the body of a JSON response the app holds without its Response', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    on();
    const body = await (async () =>
      (await appFetch(url('/v1/chat/completions'))).body!)();
    for (let i = 0; i < 3; i++) {
      gc();
      await new Promise(resolve => setTimeout(resolve, 10));
    }
    const chunks: Buffer[] = [];
    for await (const chunk of body) chunks.push(Buffer.from(chunk));
    assert.equal(Buffer.concat(chunks).toString(), CHAT_JSON);
    assert.equal(recorder.exchanges[0]!.calls.at(-1), 'end');
  });
});
