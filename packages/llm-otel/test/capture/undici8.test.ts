// undici 8 speaks HTTP/2 to https origins that offer it, as real providers
// do, and its HTTP/2 client publishes the response headers as an object (an
// array over HTTP/1.1), interim 1xx responses included. As the process-wide
// dispatcher it wraps the legacy handler of Node's fetch. undici 8 needs a
// Node with zstd (22.19 and later): where it does not load, these tests skip.

import assert from 'node:assert/strict';
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { after, before, beforeEach, describe, it } from 'node:test';
import type * as Undici8Module from 'undici8';
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { enableCapture } from '../../src/capture/install-capture.js';
import { enableUndiciCapture } from '../../src/capture/undici-channels.js';
import { FakeRecorder, eventually } from './fake-recorder.js';
import { CHAT_JSON } from './loopback-server.js';
import { selfSigned } from './self-signed.js';

type Undici8 = typeof Undici8Module;

async function loadUndici8(): Promise<Undici8 | undefined> {
  try {
    return await import('undici8');
  } catch {
    return undefined;
  }
}

const undici = await loadUndici8();
const certificate = selfSigned();
const skip =
  undici === undefined
    ? 'undici 8 does not load on this Node'
    : certificate === undefined
      ? 'no openssl for a certificate'
      : false;

/** An https server (HTTP/2, or 1.1 for clients that offer only that) answering gzipped JSON, after a 103 when asked. */
async function startHttp2Server(): Promise<{
  server: http2.Http2SecureServer;
  origin: string;
}> {
  const server = http2.createSecureServer({
    ...certificate!,
    allowHTTP1: true,
  });
  // The compatibility API: one handler for HTTP/2 streams and HTTP/1.1.
  server.on('request', (req, res) => {
    req.resume();
    req.on('end', () => {
      if (req.headers['x-early-hints'] === '1')
        res.writeEarlyHints({ link: '</a>; rel=preload' });
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-encoding': 'gzip',
        'x-request-id': 'req_h2',
      });
      res.end(gzipSync(CHAT_JSON));
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return { server, origin: `https://127.0.0.1:${port}` };
}

/** An undici 8 Agent that offers HTTP/2 and accepts the self-signed certificate. */
function trustingAgent(): InstanceType<Undici8['Agent']> {
  return new undici!.Agent({
    allowH2: true,
    connect: { rejectUnauthorized: false },
  });
}

void describe('undici 8 over HTTP/2', { skip }, () => {
  const recorder = new FakeRecorder();
  let server: http2.Http2SecureServer;
  let origin: string;
  let agent: InstanceType<Undici8['Agent']>;
  let disable: (() => void) | undefined;

  before(async () => {
    ({ server, origin } = await startHttp2Server());
    agent = trustingAgent();
  });
  after(async () => {
    disable?.();
    await agent.close();
    await new Promise(resolve => server.close(resolve));
  });
  beforeEach(() => {
    disable?.();
    disable = enableUndiciCapture(recorder);
    recorder.reset();
  });

  for (const earlyHints of [false, true]) {
    void it(`reports the final response's headers and its decoded body${earlyHints ? ' after a 103 Early Hints' : ''}`, async () => {
      const res = await undici!.request(`${origin}/v1/chat/completions`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(earlyHints ? { 'x-early-hints': '1' } : {}),
        },
        body: '{"model":"m"}',
        dispatcher: agent,
      });
      // The app gets the bytes as sent: decoding is its own business.
      const received = Buffer.from(await res.body.arrayBuffer());
      assert.deepEqual(received, gzipSync(CHAT_JSON));
      await eventually(() => recorder.exchanges[0]?.calls.at(-1) === 'end');
      const [exchange] = recorder.exchanges;
      assert.ok(exchange !== undefined);
      assert.deepEqual(
        {
          calls: FakeRecorder.collapsed(exchange.calls),
          headers: exchange.responseHeaders,
          body: Buffer.concat(exchange.chunks).toString(),
        },
        {
          calls: ['responseHeaders 200', 'chunk*', 'end'],
          headers: {
            'content-type': 'application/json',
            'content-encoding': 'gzip',
            'x-request-id': 'req_h2',
            date: exchange.responseHeaders?.['date'],
          },
          body: CHAT_JSON,
        },
      );
    });
  }
});

void describe(
  "Node's fetch through an undici 8 global dispatcher",
  { skip },
  () => {
    const recorder = new FakeRecorder();
    const symbols = [1, 2].map(n => Symbol.for(`undici.globalDispatcher.${n}`));
    const globals = globalThis as Record<symbol, unknown>;
    let saved: unknown[];
    let server: http2.Http2SecureServer;
    let origin: string;
    let agent: InstanceType<Undici8['Agent']>;
    let disable: (() => void) | undefined;

    before(async () => {
      ({ server, origin } = await startHttp2Server());
      context.setGlobalContextManager(
        new AsyncLocalStorageContextManager().enable(),
      );
      saved = symbols.map(symbol => globals[symbol]);
      agent = trustingAgent();
      undici!.setGlobalDispatcher(agent);
      disable = enableCapture(recorder);
    });
    after(async () => {
      disable?.();
      symbols.forEach((symbol, i) => (globals[symbol] = saved[i]));
      context.disable();
      await agent.close();
      await new Promise(resolve => server.close(resolve));
    });

    void it("is reported once, and the app gets fetch's own Response, decoded as ever", async () => {
      const res = await fetch(`${origin}/v1/chat/completions`, {
        method: 'POST',
        body: '{"model":"m"}',
      });
      assert.equal(Object.getPrototypeOf(res), Response.prototype);
      assert.equal(await res.text(), CHAT_JSON);
      await eventually(() => recorder.exchanges[0]?.calls.at(-1) === 'end');
      assert.deepEqual(
        recorder.exchanges.map(e => ({
          layer: e.request.layer,
          calls: FakeRecorder.collapsed(e.calls),
          body: Buffer.concat(e.chunks).toString(),
        })),
        [
          {
            layer: 'fetch',
            calls: ['responseHeaders 200', 'chunk*', 'end'],
            body: CHAT_JSON,
          },
        ],
      );
    });
  },
);
