// Cross-checks parsers and fixtures against the real SDK clients: a loopback
// server serves each recorded fixture, the SDK consumes it, and the request
// body the SDK really sent goes through parseRequest. What the SDK sees (chunks,
// usage) must agree with what the parser reports.

import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';

import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import { AnthropicVertex } from '@anthropic-ai/vertex-sdk';
import { CohereClient, CohereClientV2 } from 'cohere-ai';
import { Ollama } from 'ollama';
import OpenAI from 'openai';

import { matchProvider } from '../../src/providers/registry.js';
import type { ResponseFacts } from '../../src/providers/types.js';
import { NO_CONTENT, fixture } from './parse-helpers.js';

interface Route {
  readonly status: number;
  readonly contentType: string;
  readonly body: Uint8Array;
}

interface Seen {
  readonly method: string;
  readonly url: URL;
  readonly body: Uint8Array;
  readonly route: Route;
}

let server: Server;
let origin = '';
const routes = new Map<string, Route>();
const seen: Seen[] = [];

async function readBody(req: IncomingMessage): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new Uint8Array(Buffer.concat(chunks));
}

before(async () => {
  server = createServer((req, res) => {
    void readBody(req).then(body => {
      const url = new URL(req.url ?? '/', origin);
      const route = routes.get(url.pathname);
      if (route === undefined) {
        res.writeHead(404).end();
        return;
      }
      seen.push({ method: req.method ?? 'GET', url, body, route });
      res.writeHead(route.status, { 'content-type': route.contentType });
      res.end(route.body);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => {
  server.close();
});

/** Runs the last request the server saw through the matching parser. */
function parseLast(baseUrl: string): {
  request: ReturnType<typeof parseRequestOf>;
  facts: ResponseFacts;
  chunks: number;
} {
  const last = seen[seen.length - 1];
  assert.ok(last);
  const found = matchProvider(
    last.method,
    last.url,
    {},
    {
      openAICompatibleBaseUrls: [new URL(baseUrl)],
    },
  );
  assert.ok(found, `no match for ${last.url.href}`);
  const request = parseRequestOf(found, last.body);
  const parser = found.module.createResponseParser(
    found.match,
    request ?? {},
    {
      status: last.route.status,
      headers: { 'content-type': last.route.contentType },
    },
    NO_CONTENT,
  );
  const chunks = parser.push(last.route.body);
  return { request, facts: parser.finish(false), chunks };
}

function parseRequestOf(
  found: NonNullable<ReturnType<typeof matchProvider>>,
  body: Uint8Array,
) {
  return found.module.parseRequest(
    found.match,
    body.length > 0 ? body : undefined,
    NO_CONTENT,
  );
}

const SSE = 'text/event-stream';

void describe('fixtures agree with the real SDKs', () => {
  void it('openai: chat stream with include_usage', async () => {
    routes.set('/v1/chat/completions', {
      status: 200,
      contentType: SSE,
      body: fixture('openai', 'openai-chat-stream-include-usage.sse'),
    });
    const client = new OpenAI({
      apiKey: 'sk-test',
      baseURL: `${origin}/v1`,
      maxRetries: 0,
    });
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Capital of France?' }],
      stream: true,
      stream_options: { include_usage: true },
      temperature: 0,
    });
    let contentChunks = 0;
    let usage: OpenAI.CompletionUsage | undefined;
    for await (const chunk of stream) {
      if (chunk.choices[0]?.delta.content) contentChunks++;
      if (chunk.usage) usage = chunk.usage;
    }
    const got = parseLast(`${origin}/v1`);
    assert.deepStrictEqual(got.request, {
      model: 'gpt-4o-mini',
      stream: true,
      temperature: 0,
    });
    assert.equal(got.chunks, contentChunks);
    assert.equal(got.facts.usage?.inputTokens, usage?.prompt_tokens);
    assert.equal(got.facts.usage?.outputTokens, usage?.completion_tokens);
  });

  void it('openai: embeddings, where the SDK asks for base64 on the wire', async () => {
    routes.set('/v1/embeddings', {
      status: 200,
      contentType: 'application/json',
      body: fixture('openai', 'openai-embeddings-base64.json'),
    });
    const client = new OpenAI({
      apiKey: 'sk-test',
      baseURL: `${origin}/v1`,
      maxRetries: 0,
    });
    const result = await client.embeddings.create({
      model: 'text-embedding-3-small',
      input: 'hello',
    });
    const got = parseLast(`${origin}/v1`);
    assert.deepStrictEqual(got.request, {
      model: 'text-embedding-3-small',
      encodingFormats: ['base64'],
    });
    assert.equal(
      got.facts.embeddingsDimension,
      result.data[0]?.embedding.length,
    );
    assert.equal(got.facts.usage?.inputTokens, result.usage.prompt_tokens);
  });

  void it('openai: Responses stream', async () => {
    routes.set('/v1/responses', {
      status: 200,
      contentType: SSE,
      body: fixture('openai', 'openai-responses-stream.sse'),
    });
    const client = new OpenAI({
      apiKey: 'sk-test',
      baseURL: `${origin}/v1`,
      maxRetries: 0,
    });
    const stream = await client.responses.create({
      model: 'o4-mini',
      input: 'Capital of France?',
      stream: true,
    });
    let deltas = 0;
    let final: OpenAI.Responses.Response | undefined;
    for await (const event of stream) {
      if (event.type.endsWith('.delta')) deltas++;
      if (event.type === 'response.completed') final = event.response;
    }
    const got = parseLast(`${origin}/v1`);
    assert.equal(got.chunks, deltas);
    assert.equal(got.facts.responseId, final?.id);
    assert.equal(got.facts.usage?.inputTokens, final?.usage?.input_tokens);
  });

  void it('anthropic: stream with thinking, tool use and cache tokens', async () => {
    routes.set('/v1/messages', {
      status: 200,
      contentType: SSE,
      body: fixture(
        'anthropic',
        'anthropic-messages-stream-thinking-tool-cache.sse',
      ),
    });
    const client = new Anthropic({
      apiKey: 'sk-ant-test',
      baseURL: origin,
      maxRetries: 0,
    });
    const stream = client.messages.stream({
      model: 'claude-sonnet-4-5',
      max_tokens: 1024,
      messages: [{ role: 'user', content: 'Weather in SF?' }],
    });
    const message = await stream.finalMessage();
    const got = parseLast(origin);
    assert.deepStrictEqual(got.request, {
      model: 'claude-sonnet-4-5',
      stream: true,
      maxTokens: 1024,
    });
    const u = message.usage;
    assert.equal(
      got.facts.usage?.inputTokens,
      u.input_tokens +
        (u.cache_read_input_tokens ?? 0) +
        (u.cache_creation_input_tokens ?? 0),
    );
    assert.equal(got.facts.usage?.outputTokens, u.output_tokens);
    assert.deepStrictEqual(got.facts.finishReasons, [message.stop_reason]);
    assert.equal(got.facts.responseId, message.id);
  });

  void it('google genai: alt=sse stream with thoughts', async () => {
    routes.set('/v1beta/models/gemini-2.5-pro:streamGenerateContent', {
      status: 200,
      contentType: SSE,
      body: fixture('gemini', 'gemini-stream-thoughts-alt-sse.sse'),
    });
    const ai = new GoogleGenAI({
      apiKey: 'test-key',
      apiVersion: 'v1beta',
      httpOptions: { baseUrl: origin, retryOptions: { attempts: 1 } },
    });
    const stream = await ai.models.generateContentStream({
      model: 'gemini-2.5-pro',
      contents: 'Tell me a joke',
      config: { temperature: 0.5, thinkingConfig: { includeThoughts: true } },
    });
    let last: {
      usageMetadata?: {
        candidatesTokenCount?: number;
        thoughtsTokenCount?: number;
      };
    } = {};
    for await (const chunk of stream) last = chunk;
    const got = parseLast(origin);
    assert.deepStrictEqual(got.request, {
      model: 'gemini-2.5-pro',
      stream: true,
      temperature: 0.5,
    });
    assert.equal(
      got.facts.usage?.outputTokens,
      (last.usageMetadata?.candidatesTokenCount ?? 0) +
        (last.usageMetadata?.thoughtsTokenCount ?? 0),
    );
    assert.equal(seen[seen.length - 1]?.url.searchParams.get('alt'), 'sse');
  });

  void it('cohere: v2 chat stream', async () => {
    routes.set('/v2/chat', {
      status: 200,
      contentType: SSE,
      body: fixture('cohere', 'cohere-chat-stream.sse'),
    });
    const client = new CohereClientV2({ token: 'co-test', baseUrl: origin });
    const stream = await client.chatStream(
      {
        model: 'command-a-03-2025',
        messages: [{ role: 'user', content: 'Hello' }],
        k: 10,
        p: 0.5,
      },
      { maxRetries: 0 },
    );
    let deltas = 0;
    let billed: { inputTokens?: number; outputTokens?: number } | undefined;
    for await (const event of stream) {
      if (event.type === 'content-delta') deltas++;
      if (event.type === 'message-end')
        billed = event.delta?.usage?.billedUnits;
    }
    const got = parseLast(origin);
    assert.deepStrictEqual(got.request, {
      model: 'command-a-03-2025',
      stream: true,
      topK: 10,
      topP: 0.5,
    });
    assert.equal(got.chunks, deltas);
    assert.equal(got.facts.usage?.inputTokens, billed?.inputTokens);
    assert.equal(got.facts.usage?.outputTokens, billed?.outputTokens);
  });

  void it('cohere v1: NDJSON chat stream with tool calls (CohereClient)', async () => {
    routes.set('/v1/chat', {
      status: 200,
      contentType: 'application/stream+json',
      body: fixture('cohere', 'cohere-v1-chat-stream-tool-calls.ndjson'),
    });
    const client = new CohereClient({ token: 'co-test', baseUrl: origin });
    const stream = await client.chatStream(
      { model: 'command-r-plus-08-2024', message: 'Weather in Zurich?', k: 5 },
      { maxRetries: 0 },
    );
    let chunks = 0;
    let calls: unknown;
    let end: { responseId?: string; billed?: unknown } | undefined;
    for await (const event of stream) {
      if (event.eventType === 'tool-calls-chunk') chunks++;
      if (event.eventType === 'tool-calls-generation') calls = event.toolCalls;
      if (event.eventType === 'stream-end')
        end = {
          responseId: event.response.responseId,
          billed: event.response.meta?.billedUnits,
        };
    }
    assert.deepStrictEqual(calls, [
      { name: 'get_weather', parameters: { city: 'Zurich' } },
    ]);
    const got = parseLast(origin);
    assert.deepStrictEqual(got.request, {
      model: 'command-r-plus-08-2024',
      stream: true,
      topK: 5,
    });
    assert.equal(got.chunks, chunks);
    assert.equal(got.facts.responseId, end?.responseId);
    assert.deepStrictEqual(end?.billed, {
      inputTokens: got.facts.usage?.inputTokens,
      outputTokens: got.facts.usage?.outputTokens,
    });
  });

  void it('anthropic on vertex: streamRawPredict (AnthropicVertex)', async () => {
    const path =
      '/v1/projects/my-proj/locations/us-east5/publishers/anthropic/models/claude-haiku-4-5@20251001:streamRawPredict';
    routes.set(path, {
      status: 200,
      contentType: SSE,
      body: fixture('gemini', 'vertex-anthropic-stream-raw-predict-text.sse'),
    });
    const client = new AnthropicVertex({
      baseURL: `${origin}/v1`,
      region: 'us-east5',
      maxRetries: 0,
      authClient: {
        projectId: 'my-proj',
        getRequestHeaders: () =>
          Promise.resolve(new Headers({ authorization: 'Bearer ya29.t' })),
      } as unknown as NonNullable<
        ConstructorParameters<typeof AnthropicVertex>[0]
      >['authClient'],
    });
    let deltas = 0;
    const stream = client.messages.stream({
      model: 'claude-haiku-4-5@20251001',
      max_tokens: 64,
      messages: [{ role: 'user', content: 'Say hello in French' }],
    });
    stream.on('text', () => deltas++);
    const final = await stream.finalMessage();
    const got = parseLast(origin);
    assert.deepStrictEqual(got.request, {
      model: 'claude-haiku-4-5@20251001',
      stream: true,
      maxTokens: 64,
    });
    assert.equal(got.chunks, deltas);
    assert.equal(got.facts.responseId, final.id);
    assert.equal(got.facts.usage?.outputTokens, final.usage.output_tokens);
    assert.equal(
      got.facts.usage?.inputTokens,
      final.usage.input_tokens +
        (final.usage.cache_read_input_tokens ?? 0) +
        (final.usage.cache_creation_input_tokens ?? 0),
    );
  });

  void it('ollama: NDJSON chat stream', async () => {
    routes.set('/api/chat', {
      status: 200,
      contentType: 'application/x-ndjson',
      body: fixture('ollama', 'ollama-chat-stream.ndjson'),
    });
    const client = new Ollama({ host: origin });
    const stream = await client.chat({
      model: 'llama3.2',
      messages: [{ role: 'user', content: 'Why is the sky blue?' }],
      stream: true,
      options: { temperature: 0 },
    });
    let parts = 0;
    let last: { prompt_eval_count?: number; eval_count?: number } = {};
    for await (const part of stream) {
      if (part.message.content !== '') parts++;
      last = part;
    }
    const got = parseLast(origin);
    assert.deepStrictEqual(got.request, {
      model: 'llama3.2',
      stream: true,
      temperature: 0,
    });
    assert.equal(got.chunks, parts);
    assert.equal(got.facts.usage?.inputTokens, last.prompt_eval_count);
    assert.equal(got.facts.usage?.outputTokens, last.eval_count);
  });
});
