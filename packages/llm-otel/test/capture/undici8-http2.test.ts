// undici 8 speaks HTTP/2 to https origins that offer it, as real providers
// do, and its HTTP/2 client publishes the response headers as an object (an
// array over HTTP/1.1), interim 1xx responses included. undici 8 needs a
// Node with zstd (22.19 and later): where it does not load, these tests skip.

import assert from 'node:assert/strict';
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { after, before, beforeEach, describe, it } from 'node:test';
import type * as Undici8Module from 'undici8';
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

void describe('undici 8 over HTTP/2', { skip }, () => {
  const recorder = new FakeRecorder();
  let server: http2.Http2SecureServer;
  let origin: string;
  let agent: InstanceType<Undici8['Agent']>;
  let disable: (() => void) | undefined;

  before(async () => {
    server = http2.createSecureServer({ ...certificate! });
    server.on('stream', (stream, headers) => {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        if (headers['x-early-hints'] === '1')
          stream.additionalHeaders({
            ':status': 103,
            link: '</a>; rel=preload',
          });
        stream.respond({
          ':status': 200,
          'content-type': 'application/json',
          'content-encoding': 'gzip',
          'x-request-id': 'req_h2',
        });
        stream.end(gzipSync(CHAT_JSON));
      });
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    agent = new undici!.Agent({
      allowH2: true,
      connect: { rejectUnauthorized: false },
    });
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
