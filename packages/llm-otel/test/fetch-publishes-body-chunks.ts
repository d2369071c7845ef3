// Test oracle: does this runtime's global fetch (with `init`, e.g. another
// dispatcher) publish undici's body-chunk channel? (Node 24's undici does,
// Node 20's and 22's do not; the undici package from 7.11 does.) Seen, not
// assumed from a version. The fetch also teaches capture, when it is on, that
// global fetch's undici publishes chunks, as any earlier call would.

import diagnosticsChannel from 'node:diagnostics_channel';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export async function fetchPublishesBodyChunks(
  init?: RequestInit,
): Promise<boolean> {
  const server = http.createServer((_req, res) => res.end('ok'));
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  let seen = false;
  const onChunk = (): void => {
    seen = true;
  };
  diagnosticsChannel.subscribe('undici:request:bodyChunkReceived', onChunk);
  try {
    await (await fetch(`http://127.0.0.1:${port}/`, init)).text();
  } finally {
    diagnosticsChannel.unsubscribe('undici:request:bodyChunkReceived', onChunk);
    server.closeAllConnections();
    await new Promise(resolve => server.close(resolve));
  }
  return seen;
}
