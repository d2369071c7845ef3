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

/**
 * The codings to undo, last applied first, as fetch undoes them; none when
 * the body is not encoded, or when a coding is one fetch does not know
 * (fetch then hands the app the body as sent, and so do we).
 */
function codings(contentEncoding: string | undefined): string[] | undefined {
  // Most answers: not encoded, or one coding.
  if (contentEncoding === undefined || contentEncoding === '') return [];
  const single = contentEncoding.trim().toLowerCase();
  if (Object.hasOwn(DECODERS, single)) return [single];
  const listed = contentEncoding
    .split(',')
    .map(coding => coding.trim().toLowerCase())
    .filter(coding => coding !== '' && coding !== 'identity');
  if (listed.length === 0) return [];
  if (!listed.every(coding => Object.hasOwn(DECODERS, coding)))
    return undefined;
  return listed.reverse();
}

function passThrough(sink: GuardedSink): ResponseSink {
  return {
    chunk: (chunk, receivedAt) => sink.responseChunk(chunk, receivedAt),
    end: () => sink.end(),
    fail: (reason, error) => sink.fail(reason, error),
  };
}

export function decodedSink(
  sink: GuardedSink,
  contentEncoding: string | undefined,
): ResponseSink {
  const steps = codings(contentEncoding);
  if (steps === undefined) {
    captureDiag(`content-encoding "${contentEncoding}" not decoded`);
    return passThrough(sink);
  }
  if (steps.length === 0) return passThrough(sink);
  let streams: Transform[];
  try {
    streams = steps.map(coding => DECODERS[coding]!());
  } catch (error) {
    // The recorder gets no body rather than a body it cannot read.
    captureDiag('could not create a response decoder', error);
    sink.responseBodyHidden();
    return {
      chunk: () => undefined,
      end: () => sink.end(),
      fail: (reason, error) => sink.fail(reason, error),
    };
  }
  const first = streams[0]!;
  const last = streams[streams.length - 1]!;
  for (let i = 1; i < streams.length; i++) streams[i - 1]!.pipe(streams[i]!);
  let broken = false;
  last.on('data', (piece: Uint8Array) => sink.responseChunk(piece));
  last.on('end', () => sink.end());
  for (const stream of streams) {
    stream.on('error', error => {
      if (broken) return;
      // fetch fails the app's body on it ("terminated", the zlib error as
      // its cause); a client that decodes on its own fails alike.
      broken = true;
      captureDiag('response body could not be decoded', error);
      for (const other of streams) other.destroy();
      sink.fail('network', error);
    });
  }
  return {
    chunk(chunk) {
      if (!broken) first.write(chunk);
    },
    end() {
      if (!broken) first.end();
    },
    fail(reason, error) {
      broken = true;
      for (const stream of streams) stream.destroy();
      sink.fail(reason, error);
    },
  };
}
