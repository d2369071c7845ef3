import { createServer } from 'node:http';
import { createServer as createH2Server } from 'node:http2';
import type { AddressInfo } from 'node:net';

/** Accepts OTLP over gRPC (h2c) and HTTP and discards it, answering success. */
export interface OtlpSink {
  readonly grpcEndpoint: string;
  readonly httpUrl: string;
  close(): Promise<void>;
}

export async function startOtlpSink(): Promise<OtlpSink> {
  const h2 = createH2Server();
  h2.on('stream', stream => {
    stream.on('data', () => {});
    stream.on('end', () => {
      stream.respond(
        { ':status': 200, 'content-type': 'application/grpc' },
        { waitForTrailers: true },
      );
      stream.on('wantTrailers', () =>
        stream.sendTrailers({ 'grpc-status': '0' }),
      );
      // one empty, uncompressed gRPC message: the empty Export*ServiceResponse
      stream.end(Buffer.from([0, 0, 0, 0, 0]));
    });
  });
  const http = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/x-protobuf' });
      res.end();
    });
  });
  await Promise.all([
    new Promise<void>(r => h2.listen(0, '127.0.0.1', r)),
    new Promise<void>(r => http.listen(0, '127.0.0.1', r)),
  ]);
  return {
    grpcEndpoint: `127.0.0.1:${(h2.address() as AddressInfo).port}`,
    httpUrl: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    async close() {
      await Promise.all([
        new Promise(r => h2.close(r)),
        new Promise(r => http.close(r)),
      ]);
    },
  };
}
