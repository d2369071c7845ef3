import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { matchProvider } from '../../../src/providers/registry.js';
import type { RequestFacts } from '../../../src/providers/types.js';
import {
  JSON_BODY,
  NO_CONTENT,
  SSE,
  WITH_CONTENT,
  fixture,
  meta,
  parseAllSplits,
  responseParser,
} from '../parse-helpers.js';
import type { Exchange } from '../parse-helpers.js';

function exchange(path: string, request: RequestFacts): Exchange {
  const found = matchProvider(
    'POST',
    new URL(`https://api.cohere.com${path}`),
    {},
    {
      openAICompatibleBaseUrls: [],
    },
  );
  assert.ok(found);
  return { ...found, request };
}

const MODEL = 'command-a-03-2025';

void describe('Cohere v2 chat', () => {
  void it('maps k to top_k and p to top_p', () => {
    const { module, match } = exchange('/v2/chat', {});
    const body = JSON.stringify({
      model: MODEL,
      messages: [
        { role: 'system', content: 'Be kind.' },
        { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
        {
          role: 'assistant',
          tool_calls: [
            {
              id: 'tc_1',
              type: 'function',
              function: { name: 'f', arguments: '{}' },
            },
          ],
        },
        {
          role: 'tool',
          tool_call_id: 'tc_1',
          content: [{ type: 'document', document: { data: 'x' } }],
        },
      ],
      k: 40,
      p: 0.75,
      temperature: 0.3,
      max_tokens: 200,
      stop_sequences: ['##'],
      seed: 1,
      stream: true,
      response_format: { type: 'json_object' },
      tools: [{ type: 'function', function: { name: 'f', parameters: {} } }],
    });
    assert.deepStrictEqual(module.parseRequest(match, body, NO_CONTENT), {
      model: MODEL,
      stream: true,
      temperature: 0.3,
      topP: 0.75,
      topK: 40,
      maxTokens: 200,
      stopSequences: ['##'],
      seed: 1,
      outputType: 'json',
    });
    const facts = module.parseRequest(match, body, WITH_CONTENT);
    assert.deepStrictEqual(facts?.inputMessages, [
      { role: 'system', parts: [{ type: 'text', content: 'Be kind.' }] },
      { role: 'user', parts: [{ type: 'text', content: 'Hi' }] },
      {
        role: 'assistant',
        parts: [{ type: 'tool_call', id: 'tc_1', name: 'f', arguments: {} }],
      },
      {
        role: 'tool',
        parts: [
          {
            type: 'tool_call_response',
            id: 'tc_1',
            response: [{ type: 'document', document: { data: 'x' } }],
          },
        ],
      },
    ]);
    assert.deepStrictEqual(facts?.toolDefinitions, [
      { type: 'function', name: 'f' },
    ]);
  });

  void it('reports billed units and takes the model from the request', () => {
    const got = parseAllSplits(
      responseParser(
        exchange('/v2/chat', { model: MODEL }),
        JSON_BODY,
        WITH_CONTENT,
      ),
      fixture('cohere', 'cohere-chat.json'),
    );
    assert.deepStrictEqual(got, {
      chunks: 0,
      facts: {
        complete: true,
        responseId: 'c14c80c3-18eb-4519-9460-6c92edd8cfb4',
        responseModel: MODEL,
        finishReasons: ['COMPLETE'],
        usage: { inputTokens: 5, outputTokens: 11, cacheReadInputTokens: 0 },
        outputMessages: [
          {
            role: 'assistant',
            parts: [
              {
                type: 'text',
                content:
                  'LLMs are neural networks trained on large text corpora.',
              },
            ],
            finish_reason: 'COMPLETE',
          },
        ],
      },
    });
  });

  void it('reads a stream up to message-end', () => {
    const got = parseAllSplits(
      responseParser(
        exchange('/v2/chat', { model: MODEL, stream: true }),
        SSE,
        WITH_CONTENT,
      ),
      fixture('cohere', 'cohere-chat-stream.sse'),
    );
    assert.deepStrictEqual(got, {
      chunks: 4,
      facts: {
        complete: true,
        responseId: '29f14a5a-11de-4cae-9800-25e4747408ea',
        responseModel: MODEL,
        finishReasons: ['COMPLETE'],
        usage: { inputTokens: 3, outputTokens: 7, cacheReadInputTokens: 0 },
        outputMessages: [
          {
            role: 'assistant',
            parts: [{ type: 'text', content: 'Hello! How can I help?' }],
            finish_reason: 'COMPLETE',
          },
        ],
      },
    });
  });

  void it('has no error code in a 429 body: the status says it', () => {
    const got = parseAllSplits(
      responseParser(
        exchange('/v2/chat', { model: MODEL }),
        meta('application/json', 429),
      ),
      fixture('cohere', 'cohere-error-rate-limit.json'),
    );
    assert.deepStrictEqual(got.facts, { complete: true });
  });
});

void describe('Cohere v2 embed', () => {
  void it('reads billed input tokens and the dimension', () => {
    const ex = exchange('/v2/embed', { model: 'embed-v4.0' });
    assert.deepStrictEqual(
      ex.module.parseRequest(
        ex.match,
        '{"model":"embed-v4.0","texts":["hello","goodbye"],"input_type":"search_document","embedding_types":["float","int8"]}',
        NO_CONTENT,
      ),
      { model: 'embed-v4.0', encodingFormats: ['float', 'int8'] },
    );
    const got = parseAllSplits(
      responseParser(ex, JSON_BODY),
      fixture('cohere', 'cohere-embed-float.json'),
    );
    assert.deepStrictEqual(got.facts, {
      complete: true,
      responseId: 'da6e531f-54c6-4a73-bf92-f60566d8d753',
      responseModel: 'embed-v4.0',
      usage: { inputTokens: 2 },
      embeddingsDimension: 5,
    });
  });
});
