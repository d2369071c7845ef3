// Lower layers (undici channels, node:http) see the response body as sent on
// the wire. When it is content-encoded, the recorder gets it decoded by a
// zlib stream of our own beside the app's data path: the app's bytes and
// timing are untouched; decoded pieces reach the recorder a little later,
// and end() is reported only after the last decoded piece.

import zlib from 'node:zlib';
import type { Transform } from 'node:stream';
import { captureDiag } from './capture-diag.js';
import type { FailReason } from './exchange.js';
import type { GuardedSink } from './guarded-sink.js';

export interface ResponseSink {
  /** See ExchangeSink.responseChunk(); decoded pieces are timed as they come out. */
  chunk(chunk: Uint8Array, receivedAt?: number): void;
  end(): void;
  fail(reason: FailReason, error?: unknown): void;
}

// Flush on every write so each piece is passed on as soon as it can be.
const SYNC = { flush: zlib.constants.Z_SYNC_FLUSH };
const zstd = (zlib as { createZstdDecompress?: () => Transform })
  .createZstdDecompress;

/** What capture decodes for the recorder: what this Node's zlib can. */
const DECODERS: Readonly<Record<string, () => Transform>> = {
  gzip: () => zlib.createGunzip(SYNC),
  'x-gzip': () => zlib.createGunzip(SYNC),
  deflate: () => zlib.createInflate(SYNC),
  br: () =>
    zlib.createBrotliDecompress({
      flush: zlib.constants.BROTLI_OPERATION_FLUSH,
    }),
  ...(zstd === undefined ? {} : { zstd: () => zstd() }),
};

function normalized(contentEncoding: string | undefined): string {
  const encoding = contentEncoding?.trim().toLowerCase() ?? '';
  return encoding === '' ? 'identity' : encoding;
}

export function decodedSink(
  sink: GuardedSink,
  contentEncoding: string | undefined,
): ResponseSink {
  const encoding = normalized(contentEncoding);
  if (encoding === 'identity') {
    return {
      chunk: (chunk, receivedAt) => sink.responseChunk(chunk, receivedAt),
      end: () => sink.end(),
      fail: (reason, error) => sink.fail(reason, error),
    };
  }
  let stream: Transform | undefined;
  try {
    if (Object.hasOwn(DECODERS, encoding)) stream = DECODERS[encoding]!();
  } catch (error) {
    captureDiag('could not create a response decoder', error);
  }
  if (stream === undefined) {
    // Unknown or stacked encodings: the recorder gets no body rather than a
    // body it cannot read.
    captureDiag(`content-encoding "${encoding}" not decoded`);
    sink.responseBodyHidden();
    return {
      chunk: () => undefined,
      end: () => sink.end(),
      fail: (reason, error) => sink.fail(reason, error),
    };
  }
  const zstream = stream;
  let broken = false;
  zstream.on('data', (piece: Uint8Array) => sink.responseChunk(piece));
  zstream.on('end', () => sink.end());
  zstream.on('error', error => {
    // The app decodes (or not) on its own; a body we cannot decode just ends.
    broken = true;
    captureDiag('response body could not be decoded', error);
    sink.end();
  });
  return {
    chunk(chunk) {
      if (!broken) zstream.write(chunk);
    },
    end() {
      if (broken) sink.end();
      else zstream.end();
    },
    fail(reason, error) {
      zstream.destroy();
      sink.fail(reason, error);
    },
  };
}
