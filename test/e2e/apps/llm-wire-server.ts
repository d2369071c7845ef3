import { createServer } from 'node:http';
import type { ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Requests for this Anthropic model get HTTP 429 with Anthropic's rate_limit_error body. */
export const RATE_LIMITED_MODEL = 'claude-haiku-4-5';

/** Usage the server reports, in each provider's own wire terms. */
export const WIRE_USAGE = {
  anthropic: {
    input_tokens: 200,
    cache_read_input_tokens: 1000,
    cache_creation_input_tokens: 300,
    output_tokens: 150,
  },
  anthropicStream: { input_tokens: 50, output_tokens: 80 },
  openai: { prompt_tokens: 1000, cached_tokens: 400, completion_tokens: 200 },
} as const;

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function sse(
  res: ServerResponse,
  events: [string | undefined, unknown][],
): void {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  const [first, ...rest] = events;
  const write = ([name, data]: [string | undefined, unknown]): boolean =>
    res.write(
      `${name !== undefined ? `event: ${name}\n` : ''}data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`,
    );
  write(first!);
  // The first chunk goes out alone, so time to first chunk is a real, separate event.
  setTimeout(() => {
    rest.forEach(write);
    res.end();
  }, 20);
}

function anthropic(
  res: ServerResponse,
  body: { model?: string; stream?: boolean },
): void {
  const model = body.model ?? 'unknown';
  if (model === RATE_LIMITED_MODEL) {
    json(res, 429, {
      type: 'error',
      error: {
        type: 'rate_limit_error',
        message: 'Number of requests has exceeded your rate limit',
      },
    });
    return;
  }
  if (body.stream === true) {
    const u = WIRE_USAGE.anthropicStream;
    sse(res, [
      [
        'message_start',
        {
          type: 'message_start',
          message: {
            id: 'msg_s',
            type: 'message',
            role: 'assistant',
            model,
            content: [],
            stop_reason: null,
            stop_sequence: null,
            usage: { input_tokens: u.input_tokens, output_tokens: 1 },
          },
        },
      ],
      [
        'content_block_start',
        {
          type: 'content_block_start',
          index: 0,
          content_block: { type: 'text', text: '' },
        },
      ],
      [
        'content_block_delta',
        {
          type: 'content_block_delta',
          index: 0,
          delta: { type: 'text_delta', text: 'Hello' },
        },
      ],
      ['content_block_stop', { type: 'content_block_stop', index: 0 }],
      [
        'message_delta',
        {
          type: 'message_delta',
          delta: { stop_reason: 'end_turn', stop_sequence: null },
          usage: { output_tokens: u.output_tokens },
        },
      ],
      ['message_stop', { type: 'message_stop' }],
    ]);
    return;
  }
  json(res, 200, {
    id: 'msg_1',
    type: 'message',
    role: 'assistant',
    model,
    content: [{ type: 'text', text: 'Hello' }],
    stop_reason: 'end_turn',
    stop_sequence: null,
    usage: WIRE_USAGE.anthropic,
  });
}

function openai(res: ServerResponse, body: { model?: string }): void {
  const u = WIRE_USAGE.openai;
  json(res, 200, {
    id: 'chatcmpl-1',
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: body.model ?? 'unknown',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: 'Hello' },
        finish_reason: 'stop',
      },
    ],
    usage: {
      prompt_tokens: u.prompt_tokens,
      completion_tokens: u.completion_tokens,
      total_tokens: u.prompt_tokens + u.completion_tokens,
      prompt_tokens_details: { cached_tokens: u.cached_tokens },
    },
  });
}

/**
 * Stand-in for @x/mock-llm until it lands: a loopback server speaking the Anthropic
 * Messages (JSON and SSE) and OpenAI Chat Completions wire formats, so real clients
 * and register's HTTP capture see genuine traffic.
 */
export async function startLlmWireServer(): Promise<{
  url: string;
  close(): Promise<void>;
}> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(
        Buffer.concat(chunks).toString('utf8') || '{}',
      ) as { model?: string; stream?: boolean };
      if (req.url?.startsWith('/v1/messages') === true) anthropic(res, body);
      else if (req.url?.startsWith('/v1/chat/completions') === true)
        openai(res, body);
      else json(res, 404, { error: { message: `no route ${req.url ?? ''}` } });
    });
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise(r => server.close(() => r())),
  };
}
