import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { matchProvider } from '../../../src/providers/registry.js';
import type { RequestFacts } from '../../../src/providers/types.js';
import {
  JSON_BODY,
  NDJSON,
  NO_CONTENT,
  WITH_CONTENT,
  fixture,
  meta,
  parseAllSplits,
  responseParser,
} from '../parse-helpers.js';
import type { Exchange } from '../parse-helpers.js';

function exchange(
  path: string,
  request: RequestFacts = {},
  host = '127.0.0.1:11434',
): Exchange {
  const found = matchProvider(
    'POST',
    new URL(`http://${host}${path}`),
    {},
    {
      openAICompatibleBaseUrls: [],
    },
  );
  assert.ok(found);
  return { ...found, request };
}

void describe('Ollama request', () => {
  void it('treats an absent stream field as streaming, as the server does', () => {
    const { module, match } = exchange('/api/chat');
    const body = JSON.stringify({
      model: 'llama3.2',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Why is the sky blue?', images: ['iVBOR'] },
      ],
      options: {
        temperature: 0.1,
        top_p: 0.8,
        top_k: 20,
        num_predict: 64,
        seed: 3,
        stop: ['</s>'],
        num_ctx: 4096,
      },
      format: 'json',
      think: 'high',
    });
    assert.deepStrictEqual(module.parseRequest(match, body, NO_CONTENT), {
      model: 'llama3.2',
      stream: true,
      temperature: 0.1,
      topP: 0.8,
      topK: 20,
      maxTokens: 64,
      seed: 3,
      stopSequences: ['</s>'],
      outputType: 'json',
      reasoningLevel: 'high',
    });
    assert.deepStrictEqual(
      module.parseRequest(match, body, WITH_CONTENT)?.inputMessages,
      [
        { role: 'system', parts: [{ type: 'text', content: 'Be brief.' }] },
        {
          role: 'user',
          parts: [
            { type: 'text', content: 'Why is the sky blue?' },
            { type: 'blob', modality: 'image', content: 'iVBOR' },
          ],
        },
      ],
    );
  });

  void it('reads stream:false as the JS client sends it', () => {
    const { module, match } = exchange('/api/generate');
    const body =
      '{"model":"qwen3:4b","prompt":"6*7?","system":"Math only.","stream":false}';
    assert.deepStrictEqual(module.parseRequest(match, body, WITH_CONTENT), {
      model: 'qwen3:4b',
      inputMessages: [
        { role: 'user', parts: [{ type: 'text', content: '6*7?' }] },
      ],
      systemInstructions: [{ type: 'text', content: 'Math only.' }],
    });
  });

  void it('confirms an unknown host by body shape', () => {
    const { module, match } = exchange('/api/chat', {}, 'ollama.internal:8080');
    assert.equal(match.confirmByBody, true);
    assert.equal(
      module.parseRequest(match, '{"model":"x","query":"y"}', NO_CONTENT),
      undefined,
    );
    assert.deepStrictEqual(
      module.parseRequest(
        match,
        '{"model":"x","messages":[],"stream":false}',
        NO_CONTENT,
      ),
      {
        model: 'x',
      },
    );
  });
});

void describe('Ollama responses', () => {
  void it('reads an NDJSON chat stream up to its done line', () => {
    const got = parseAllSplits(
      responseParser(
        exchange('/api/chat', { model: 'llama3.2', stream: true }),
        NDJSON,
        WITH_CONTENT,
      ),
      fixture('ollama', 'ollama-chat-stream.ndjson'),
    );
    assert.deepStrictEqual(got, {
      chunks: 9,
      facts: {
        complete: true,
        responseModel: 'llama3.2',
        finishReasons: ['stop'],
        usage: { inputTokens: 26, outputTokens: 9 },
        outputMessages: [
          {
            role: 'assistant',
            parts: [
              {
                type: 'text',
                content: 'The sky is blue because of Rayleigh scattering.',
              },
            ],
            finish_reason: 'stop',
          },
        ],
      },
    });
  });

  void it('reports a stream cut before done as incomplete', () => {
    const whole = fixture('ollama', 'ollama-chat-stream.ndjson');
    const text = new TextDecoder().decode(whole);
    const cut = new TextEncoder().encode(
      text.slice(0, text.indexOf('"done":true') - 20),
    );
    const got = parseAllSplits(
      responseParser(
        exchange('/api/chat', { model: 'llama3.2', stream: true }),
        NDJSON,
      ),
      cut,
      true,
    );
    assert.deepStrictEqual(got, {
      chunks: 9,
      facts: {
        complete: false,
        responseModel: 'llama3.2',
        finishReasons: ['error'],
      },
    });
  });

  void it('reads a generate stream with thinking', () => {
    const got = parseAllSplits(
      responseParser(
        exchange('/api/generate', { model: 'qwen3:4b', stream: true }),
        NDJSON,
        WITH_CONTENT,
      ),
      fixture('ollama', 'ollama-generate-stream-thinking.ndjson'),
    );
    assert.deepStrictEqual(got, {
      chunks: 2,
      facts: {
        complete: true,
        responseModel: 'qwen3:4b',
        finishReasons: ['length'],
        usage: { inputTokens: 15, outputTokens: 128 },
        outputMessages: [
          {
            role: 'assistant',
            parts: [
              { type: 'reasoning', content: 'Let me think.' },
              { type: 'text', content: '42' },
            ],
            finish_reason: 'length',
          },
        ],
      },
    });
  });

  void it('reads an error line mid-stream', () => {
    const got = parseAllSplits(
      responseParser(
        exchange('/api/chat', { model: 'llama3.2', stream: true }),
        NDJSON,
      ),
      fixture('ollama', 'ollama-chat-stream-error.ndjson'),
    );
    assert.deepStrictEqual(got, {
      chunks: 1,
      facts: {
        complete: false,
        responseModel: 'llama3.2',
        errorType: '_OTHER',
        finishReasons: ['error'],
      },
    });
  });

  void it('reads a non-stream tool call answer', () => {
    const got = parseAllSplits(
      responseParser(
        exchange('/api/chat', { model: 'llama3.2' }),
        JSON_BODY,
        WITH_CONTENT,
      ),
      fixture('ollama', 'ollama-chat-tool-call.json'),
    );
    assert.deepStrictEqual(got, {
      chunks: 0,
      facts: {
        complete: true,
        responseModel: 'llama3.2',
        finishReasons: ['stop'],
        usage: { inputTokens: 122, outputTokens: 33 },
        outputMessages: [
          {
            role: 'assistant',
            parts: [
              {
                type: 'tool_call',
                name: 'get_current_weather',
                arguments: { format: 'celsius', location: 'Paris, FR' },
              },
            ],
            finish_reason: 'stop',
          },
        ],
      },
    });
  });

  void it('reads /api/embed', () => {
    const got = parseAllSplits(
      responseParser(
        exchange('/api/embed', { model: 'all-minilm' }),
        JSON_BODY,
      ),
      fixture('ollama', 'ollama-embed.json'),
    );
    assert.deepStrictEqual(got.facts, {
      complete: true,
      responseModel: 'all-minilm',
      usage: { inputTokens: 8 },
      embeddingsDimension: 4,
    });
  });

  void it('has no error code in a 404 body: the status says it', () => {
    const got = parseAllSplits(
      responseParser(
        exchange('/api/chat', { model: 'llama9' }),
        meta('application/json; charset=utf-8', 404),
      ),
      fixture('ollama', 'ollama-error-model-not-found.json'),
    );
    assert.deepStrictEqual(got.facts, { complete: true });
  });
});
