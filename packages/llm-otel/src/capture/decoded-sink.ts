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

function decoder(encoding: string): Transform | undefined {
  // Flush on every write so each piece is passed on as soon as it can be.
  const options = { flush: zlib.constants.Z_SYNC_FLUSH };
  switch (encoding) {
    case 'gzip':
    case 'x-gzip':
      return zlib.createGunzip(options);
    case 'deflate':
      return zlib.createInflate(options);
    case 'br':
      return zlib.createBrotliDecompress({
        flush: zlib.constants.BROTLI_OPERATION_FLUSH,
      });
    default: {
      const zstd = (zlib as { createZstdDecompress?: () => Transform })
        .createZstdDecompress;
      return encoding === 'zstd' && zstd !== undefined ? zstd() : undefined;
    }
  }
}

export function decodedSink(
  sink: GuardedSink,
  contentEncoding: string | undefined,
): ResponseSink {
  const encoding = contentEncoding?.trim().toLowerCase() ?? 'identity';
  if (encoding === 'identity' || encoding === '') {
    return {
      chunk: (chunk, receivedAt) => sink.responseChunk(chunk, receivedAt),
      end: () => sink.end(),
      fail: (reason, error) => sink.fail(reason, error),
    };
  }
  let stream: Transform | undefined;
  try {
    stream = decoder(encoding);
  } catch (error) {
    captureDiag('could not create a response decoder', error);
  }
  if (stream === undefined) {
    // Unknown or stacked encodings: the recorder gets no body rather than a
    // body it cannot read.
    captureDiag(`content-encoding "${encoding}" not decoded`);
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
