// One port, two protocols: a net.Server peeks at the first bytes of each
// connection and hands it to the HTTP/1.1 server, or to the cleartext HTTP/2
// server when it starts with the HTTP/2 preface (h2c with prior knowledge,
// which the AWS SDK's NodeHttp2Handler uses for http:// endpoints).
import http from 'node:http';
import http2 from 'node:http2';
import net from 'node:net';
import type { AnyRequest, AnyResponse } from './any-http.js';

export interface DualProtocolServer {
  readonly server: net.Server;
  /** Stops listening and destroys every open connection. */
  close(): Promise<void>;
}

const PREFACE = Buffer.from('PRI * HTTP/2.0');

export function createDualProtocolServer(
  onRequest: (req: AnyRequest, res: AnyResponse) => void,
): DualProtocolServer {
  const h1 = http.createServer({ keepAliveTimeout: 5_000 }, onRequest);
  const h2 = http2.createServer({}, onRequest);
  h2.on('sessionError', () => {});
  const sockets = new Set<net.Socket>();

  const server = net.createServer(socket => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    let head = Buffer.alloc(0);
    const onData = (data: Buffer): void => {
      head = Buffer.concat([head, data]);
      const n = Math.min(head.length, PREFACE.length);
      const isH2 = head.subarray(0, n).equals(PREFACE.subarray(0, n));
      // Wait for more bytes only while the start still looks like the preface.
      if (isH2 && n < PREFACE.length) return;
      socket.removeListener('data', onData);
      socket.pause();
      socket.unshift(head);
      (isH2 ? h2 : h1).emit('connection', socket);
      process.nextTick(() => socket.resume());
    };
    socket.on('data', onData);
  });

  return {
    server,
    close: () =>
      new Promise<void>(resolve => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
        h1.closeAllConnections();
      }),
  };
}
