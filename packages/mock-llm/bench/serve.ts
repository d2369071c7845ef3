// Child process for the bench: serves either the mock or a bare node:http
// baseline that answers a fixed body of the same size, then prints its URL.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startMockLlm } from '../src/index.js';

const kind = process.argv[2] ?? 'mock';

if (kind === 'baseline') {
  const body = Buffer.from(process.argv[3] ?? '{}');
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-length': String(body.length),
      });
      res.end(body);
    });
  });
  server.listen(0, '127.0.0.1', () => {
    process.stdout.write(
      `http://127.0.0.1:${(server.address() as AddressInfo).port}\n`,
    );
  });
} else {
  const mock = await startMockLlm({ logLimit: 0 });
  process.stdout.write(`${mock.url}\n`);
}
