// responseModel() lets the recorder record chunk timings while a stream runs.
// It must never say something finish() contradicts: undefined (not yet), the
// model finish() reports, or null when finish() reports none.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { matchProvider } from '../../src/providers/registry.js';
import type {
  RequestFacts,
  ResponseMeta,
  ResponseParser,
} from '../../src/providers/types.js';
import { NDJSON, NO_CONTENT, SSE, fixture, meta } from './parse-helpers.js';

const EVENT_STREAM = meta('application/vnd.amazon.eventstream');
const BEDROCK = 'https://bedrock-runtime.us-east-1.amazonaws.com/model';

interface Case {
  readonly url: string;
  readonly request: RequestFacts;
  readonly response: ResponseMeta;
  readonly fixture: readonly [string, string];
  /** What responseModel() says from the first output chunk on. */
  readonly model: string | null;
}

const CASES: Readonly<Record<string, Case>> = {
  'OpenAI chat stream': {
    url: 'https://api.openai.com/v1/chat/completions',
    request: { model: 'gpt-4o-mini', stream: true },
    response: SSE,
    fixture: ['openai', 'openai-chat-stream-include-usage.sse'],
    model: 'gpt-4o-mini-2024-07-18',
  },
  'Azure chat stream (first chunk has an empty model)': {
    url: 'https://example.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21',
    request: { stream: true },
    response: SSE,
    fixture: ['openai', 'azure-chat-stream-content-filter.sse'],
    model: 'gpt-4o-2024-11-20',
  },
  'OpenAI responses stream': {
    url: 'https://api.openai.com/v1/responses',
    request: { model: 'gpt-5', stream: true },
    response: SSE,
    fixture: ['openai', 'openai-responses-stream.sse'],
    model: 'o4-mini-2025-04-16',
  },
  'Anthropic messages stream': {
    url: 'https://api.anthropic.com/v1/messages',
    request: { model: 'claude-sonnet-4-5', stream: true },
    response: SSE,
    fixture: ['anthropic', 'anthropic-messages-stream-thinking-tool-cache.sse'],
    model: 'claude-sonnet-4-5-20250929',
  },
  'Gemini SSE stream': {
    url: 'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse',
    request: {},
    response: SSE,
    fixture: ['gemini', 'gemini-stream-thoughts-alt-sse.sse'],
    model: 'gemini-2.5-pro',
  },
  'Gemini JSON array stream': {
    url: 'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-pro:streamGenerateContent',
    request: {},
    response: meta('application/json'),
    fixture: ['gemini', 'gemini-stream-thoughts-json-array.json'],
    model: 'gemini-2.5-pro',
  },
  'Ollama chat stream': {
    url: 'http://localhost:11434/api/chat',
    request: { model: 'qwen3:4b', stream: true },
    response: NDJSON,
    fixture: ['ollama', 'ollama-chat-stream.ndjson'],
    model: 'llama3.2',
  },
  'Cohere v2 chat stream (the request model stands in)': {
    url: 'https://api.cohere.com/v2/chat',
    request: { model: 'command-a-03-2025', stream: true },
    response: SSE,
    fixture: ['cohere', 'cohere-chat-stream.sse'],
    model: 'command-a-03-2025',
  },
  'Cohere v1 chat stream (the request model stands in)': {
    url: 'https://api.cohere.com/v1/chat',
    request: { model: 'command-r-plus', stream: true },
    response: meta('application/stream+json'),
    fixture: ['cohere', 'cohere-v1-chat-stream-text.ndjson'],
    model: 'command-r-plus',
  },
  'Bedrock converse stream (never names the model)': {
    url: `${BEDROCK}/amazon.nova-lite-v1%3A0/converse-stream`,
    request: {},
    response: EVENT_STREAM,
    fixture: ['bedrock', 'converse-stream-text-cache-write.eventstream'],
    model: null,
  },
  'Bedrock invoke stream, Anthropic events': {
    url: `${BEDROCK}/anthropic.claude-3-5-haiku-20241022-v1%3A0/invoke-with-response-stream`,
    request: {},
    response: EVENT_STREAM,
    fixture: [
      'bedrock',
      'invoke-stream-anthropic-tool-use-cache-read.eventstream',
    ],
    model: 'claude-sonnet-4-20250514',
  },
  'Bedrock invoke stream, Nova events (never names the model)': {
    url: `${BEDROCK}/amazon.nova-lite-v1%3A0/invoke-with-response-stream`,
    request: {},
    response: EVENT_STREAM,
    fixture: ['bedrock', 'invoke-stream-nova-text.eventstream'],
    model: null,
  },
};

function parser(c: Case): ResponseParser {
  const found = matchProvider(
    'POST',
    new URL(c.url),
    {},
    { openAICompatibleBaseUrls: [] },
  );
  assert.ok(found, c.url);
  return found.module.createResponseParser(
    found.match,
    c.request,
    c.response,
    NO_CONTENT,
  );
}

/** Pushes the fixture in 7-byte pieces, noting every responseModel() answer. */
function stream(c: Case): {
  seen: (string | null | undefined)[];
  atFirstChunk: string | null | undefined;
  final: string | undefined;
} {
  const bytes = fixture(...c.fixture);
  const p = parser(c);
  const seen: (string | null | undefined)[] = [];
  let chunks = 0;
  let atFirstChunk: string | null | undefined;
  for (let at = 0; at < bytes.length; at += 7) {
    const before = chunks;
    chunks += p.push(bytes.subarray(at, at + 7));
    const model = p.responseModel?.();
    if (before === 0 && chunks > 0) atFirstChunk = model;
    if (seen.at(-1) !== model) seen.push(model);
  }
  return { seen, atFirstChunk, final: p.finish(false).responseModel };
}

void describe('response model while streaming', () => {
  for (const [name, c] of Object.entries(CASES)) {
    void it(`${name}: known by the first output chunk, as finish() reports it`, () => {
      // From undefined straight to one answer, which finish() confirms.
      assert.deepEqual(stream(c), {
        seen: [c.model],
        atFirstChunk: c.model,
        final: c.model ?? undefined,
      });
    });
  }
});
