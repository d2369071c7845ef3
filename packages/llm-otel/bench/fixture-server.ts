// The benchmark's LLM server, run in its own process so its work does not
// share the client's event loop. Prints its port on stdout.
//   POST /v1/chat/completions            a chat completion (JSON)
//   POST /v1/chat/completions stream     N SSE chunks (?chunks=N, ?gapMs=G between writes,
//                                        ?firstMs=F: headers at once, the first chunk F ms later)
//   POST /v1/embeddings                  ~5 MB of float embeddings

import http from 'node:http';
import type { AddressInfo } from 'node:net';

const CHAT = JSON.stringify({
  id: 'chatcmpl-bench',
  object: 'chat.completion',
  created: 1700000000,
  model: 'gpt-4o-mini-2024-07-18',
  choices: [
    {
      index: 0,
      message: { role: 'assistant', content: 'Hello there!', refusal: null },
      logprobs: null,
      finish_reason: 'stop',
    },
  ],
  usage: { prompt_tokens: 12, completion_tokens: 3, total_tokens: 15 },
});

function chunk(i: number): string {
  return `data: {"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1700000000,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":"tok${i} "},"finish_reason":null}]}\n\n`;
}
const FINAL =
  'data: {"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1700000000,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":{"prompt_tokens":12,"completion_tokens":1000,"total_tokens":1012}}\n\ndata: [DONE]\n\n';

function embeddings(bytes: number): Buffer {
  const vector: string[] = [];
  for (let i = 0; i < 1536; i++) vector.push('-0.0123456789');
  const item = (index: number): string =>
    `{"object":"embedding","index":${index},"embedding":[${vector.join(',')}]}`;
  const perItem = item(0).length + 1;
  const count = Math.max(1, Math.floor(bytes / perItem));
  const data: string[] = [];
  for (let i = 0; i < count; i++) data.push(item(i));
  return Buffer.from(
    `{"object":"list","data":[${data.join(',')}],"model":"text-embedding-3-small","usage":{"prompt_tokens":${count * 8},"total_tokens":${count * 8}}}`,
  );
}
const EMBEDDINGS = embeddings(5 * 1024 * 1024);

const server = http.createServer((req, res) => {
  const parts: Buffer[] = [];
  req.on('data', (c: Buffer) => parts.push(c));
  req.on('end', () => {
    const url = new URL(req.url ?? '/', 'http://x');
    const body = Buffer.concat(parts).toString();
    if (url.pathname === '/v1/embeddings') {
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-length': EMBEDDINGS.length,
      });
      res.end(EMBEDDINGS);
      return;
    }
    if (/"stream":\s*true/.test(body)) {
      const chunks = Number(url.searchParams.get('chunks') ?? '1000');
      const gapMs = Number(url.searchParams.get('gapMs') ?? '0');
      const firstMs = Number(url.searchParams.get('firstMs') ?? '0');
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      let i = 0;
      const next = (): void => {
        if (res.destroyed) return;
        if (i === chunks) {
          res.end(FINAL);
          return;
        }
        res.write(chunk(i++));
        if (gapMs > 0) setTimeout(next, gapMs);
        else setImmediate(next);
      };
      if (firstMs > 0) {
        res.flushHeaders();
        setTimeout(next, firstMs);
      } else {
        next();
      }
      return;
    }
    res.writeHead(200, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(CHAT),
    });
    res.end(CHAT);
  });
});
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${(server.address() as AddressInfo).port}\n`);
});
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
