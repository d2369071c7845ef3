// The request and response types of node:http and the node:http2 compat API,
// used through the members they share.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Http2ServerRequest, Http2ServerResponse } from 'node:http2';
import http2 from 'node:http2';

export type AnyRequest = IncomingMessage | Http2ServerRequest;
export type AnyResponse = ServerResponse | Http2ServerResponse;

/** Drops the connection (HTTP/1.1) or resets the stream (HTTP/2) mid-response. */
export function abortResponse(res: AnyResponse): void {
  if ('stream' in res) {
    res.stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR);
  } else {
    res.socket?.destroy();
  }
}

export function writeHead(
  res: AnyResponse,
  status: number,
  headers: Record<string, string>,
): void {
  (res as ServerResponse).writeHead(status, headers);
}

/** Writes a chunk; resolves once it may be followed (drain) or the response closed. */
export function writeChunk(
  res: AnyResponse,
  chunk: Buffer,
): Promise<void> | undefined {
  const ok = (res as ServerResponse).write(chunk);
  if (ok) return undefined;
  return new Promise(resolve => {
    const done = (): void => {
      res.removeListener('drain', done);
      res.removeListener('close', done);
      resolve();
    };
    res.once('drain', done);
    res.once('close', done);
  });
}

/** Writes a chunk, then aborts once it has been handed to the socket. */
export function writeThenAbort(res: AnyResponse, chunk: Buffer): void {
  if (chunk.length === 0) {
    abortResponse(res);
    return;
  }
  (res as ServerResponse).write(chunk, () => abortResponse(res));
}
