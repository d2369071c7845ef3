// What the recorder gets of a content-encoded body: decoded as fetch decodes
// it (stacked codings last applied first, an unknown coding passed as sent),
// and a body that cannot be decoded fails, as it fails the app's read.

import assert from 'node:assert/strict';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { describe, it } from 'node:test';
import type { ExchangeSink, FailReason } from '../../src/capture/exchange.js';
import { decodedSink } from '../../src/capture/decoded-sink.js';
import { GuardedSink } from '../../src/capture/guarded-sink.js';

interface Seen {
  body: string;
  ended: boolean;
  failed?: { reason: FailReason; code: unknown };
  hidden: boolean;
}

/** Feeds `bytes` in two pieces; resolves once the sink ended or failed. */
function decode(contentEncoding: string, bytes: Buffer): Promise<Seen> {
  return new Promise(resolve => {
    const seen: Seen = { body: '', ended: false, hidden: false };
    const pieces: Buffer[] = [];
    const sink: ExchangeSink = {
      requestBody: () => undefined,
      requestBodyEnd: () => undefined,
      responseHeaders: () => undefined,
      responseChunk: chunk => void pieces.push(Buffer.from(chunk)),
      responseBodyHidden: () => void (seen.hidden = true),
      end: () => {
        seen.body = Buffer.concat(pieces).toString();
        seen.ended = true;
        resolve(seen);
      },
      fail: (reason, error) => {
        seen.failed = { reason, code: (error as { code?: unknown }).code };
        resolve(seen);
      },
    };
    const out = decodedSink(new GuardedSink(sink), contentEncoding);
    const half = Math.floor(bytes.length / 2);
    out.chunk(bytes.subarray(0, half));
    out.chunk(bytes.subarray(half));
    out.end();
  });
}

const JSON_BODY = '{"model":"m","usage":{"prompt_tokens":3}}';

void describe('decodedSink', () => {
  void it('undoes stacked codings last applied first, as fetch does', async () => {
    const bytes = brotliCompressSync(gzipSync(JSON_BODY));
    assert.deepEqual(await decode('gzip, br', bytes), {
      body: JSON_BODY,
      ended: true,
      hidden: false,
    });
  });

  void it('passes a body with a coding fetch does not know on as sent, as fetch does', async () => {
    assert.deepEqual(await decode('gzip, foo', Buffer.from(JSON_BODY)), {
      body: JSON_BODY,
      ended: true,
      hidden: false,
    });
  });

  void it('fails a body that cannot be decoded with the decoder error, as the app read fails', async () => {
    const corrupt = Buffer.from(gzipSync(JSON_BODY));
    corrupt.fill(0x41, 12, 24);
    assert.deepEqual(await decode('gzip', corrupt), {
      body: '',
      ended: false,
      failed: { reason: 'network', code: 'Z_DATA_ERROR' },
      hidden: false,
    });
  });
});
