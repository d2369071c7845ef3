// A loopback server speaking the OpenAI chat completions wire format, for the
// child-process tests. The request's model picks the behaviour:
//   any model        → JSON answer, or SSE when "stream": true
//   "malformed"      → 200 with a body that is not JSON
//   "cut"            → a stream cut after two chunks (socket destroyed)
//   "hang"           → a stream that sends one chunk, then waits (app aborts)
import { createServer } from 'node:http';
import type { ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

function chunk(
  id: string,
  model: string,
  delta: object,
  finish: string | null,
) {
  return `data: ${JSON.stringify({
    id,
    object: 'chat.completion.chunk',
    created: 1700000000,
    model,
    choices: [{ index: 0, delta, finish_reason: finish }],
  })}\n\n`;
}

function stream(res: ServerResponse, model: string): void {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  const id = 'chatcmpl-stream-1';
  res.write(chunk(id, model, { role: 'assistant', content: '' }, null));
  res.write(chunk(id, model, { content: 'Hello' }, null));
  res.write(chunk(id, model, { content: ' world' }, null));
  res.write(chunk(id, model, {}, 'stop'));
  res.write(
    `data: ${JSON.stringify({
      id,
      object: 'chat.completion.chunk',
      created: 1700000000,
      model,
      choices: [],
      usage: { prompt_tokens: 11, completion_tokens: 2, total_tokens: 13 },
    })}\n\n`,
  );
  res.end('data: [DONE]\n\n');
}

export interface LlmFixtureServer {
  readonly url: string;
  close(): Promise<void>;
}

export async function startLlmFixtureServer(): Promise<LlmFixtureServer> {
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      let body: { model?: string; stream?: boolean } = {};
      try {
        body = JSON.parse(Buffer.concat(parts).toString('utf8')) as typeof body;
      } catch {
        // An empty or broken request still gets an answer.
      }
      const model = body.model ?? 'unknown';
      if (model === 'malformed') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"id":"chatcmpl-bad","choices":[{');
        return;
      }
      if (model === 'cut') {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write(
          chunk(
            'chatcmpl-cut',
            model,
            { role: 'assistant', content: 'He' },
            null,
          ),
        );
        res.write(chunk('chatcmpl-cut', model, { content: 'llo' }, null), () =>
          setTimeout(() => res.socket?.destroy(), 20),
        );
        return;
      }
      if (model === 'hang') {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write(
          chunk(
            'chatcmpl-hang',
            model,
            { role: 'assistant', content: 'Hi' },
            null,
          ),
        );
        return;
      }
      if (body.stream === true) {
        stream(res, model);
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          id: 'chatcmpl-1',
          object: 'chat.completion',
          created: 1700000000,
          model: `${model}-2024-08-06`,
          choices: [
            {
              index: 0,
              message: { role: 'assistant', content: 'Hello world' },
              finish_reason: 'stop',
            },
          ],
          usage: { prompt_tokens: 9, completion_tokens: 2, total_tokens: 11 },
        }),
      );
    });
  });
  server.on('connection', s => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    close: () =>
      new Promise<void>(resolve => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
