// Bodies and events over the size caps are read from head and tail windows:
// the facts that sit at either end still come out, memory stays bounded.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { matchProvider } from '../../src/providers/registry.js';
import type { RequestFacts, ResponseMeta } from '../../src/providers/types.js';
import { JSON_BODY, NO_CONTENT, SSE, feed } from './parse-helpers.js';

const encoder = new TextEncoder();

function parse(
  url: string,
  request: RequestFacts,
  response: ResponseMeta,
  text: string,
) {
  const found = matchProvider(
    'POST',
    new URL(url),
    {},
    { openAICompatibleBaseUrls: [] },
  );
  assert.ok(found);
  const parser = found.module.createResponseParser(
    found.match,
    request,
    response,
    NO_CONTENT,
  );
  const bytes = encoder.encode(text);
  const pieces: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += 32768)
    pieces.push(bytes.subarray(at, at + 32768));
  return feed(parser, pieces);
}

const longText = 'All work and no play makes Jack a dull boy. '.repeat(60_000);

void describe('large bodies and events', () => {
  void it('reads a 2.6 MB chat completion from its head and tail', () => {
    const body = JSON.stringify({
      id: 'chatcmpl-big',
      object: 'chat.completion',
      created: 1763813400,
      model: 'gpt-4.1-2025-04-14',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: longText },
          finish_reason: 'length',
        },
      ],
      usage: {
        prompt_tokens: 12,
        completion_tokens: 32768,
        total_tokens: 32780,
      },
      service_tier: 'default',
      system_fingerprint: 'fp_big',
    });
    const got = parse(
      'https://api.openai.com/v1/chat/completions',
      {},
      JSON_BODY,
      body,
    );
    assert.deepStrictEqual(got, {
      chunks: 0,
      facts: {
        complete: true,
        responseId: 'chatcmpl-big',
        responseModel: 'gpt-4.1-2025-04-14',
        usage: { inputTokens: 12, outputTokens: 32768 },
        systemFingerprint: 'fp_big',
        serviceTier: 'default',
        finishReasons: ['length'],
      },
    });
  });

  void it('reads a 2.6 MB response.completed event of a Responses stream', () => {
    const response = {
      id: 'resp_big',
      object: 'response',
      status: 'completed',
      model: 'gpt-5-2025-08-07',
      output: [
        {
          type: 'message',
          role: 'assistant',
          content: [{ type: 'output_text', text: longText }],
        },
      ],
      service_tier: 'default',
      usage: {
        input_tokens: 50,
        input_tokens_details: { cached_tokens: 0 },
        output_tokens: 32000,
        output_tokens_details: { reasoning_tokens: 1000 },
        total_tokens: 32050,
      },
    };
    const stream =
      `event: response.created\ndata: ${JSON.stringify({ type: 'response.created', sequence_number: 0, response: { ...response, status: 'in_progress', output: [], usage: null } })}\n\n` +
      `event: response.output_text.delta\ndata: {"type":"response.output_text.delta","sequence_number":1,"delta":"All"}\n\n` +
      `event: response.completed\ndata: ${JSON.stringify({ type: 'response.completed', sequence_number: 2, response })}\n\n`;
    const got = parse(
      'https://api.openai.com/v1/responses',
      { stream: true },
      SSE,
      stream,
    );
    assert.deepStrictEqual(got, {
      chunks: 1,
      facts: {
        complete: true,
        responseId: 'resp_big',
        responseModel: 'gpt-5-2025-08-07',
        serviceTier: 'default',
        usage: {
          inputTokens: 50,
          outputTokens: 32000,
          cacheReadInputTokens: 0,
          reasoningOutputTokens: 1000,
        },
        finishReasons: ['stop'],
      },
    });
  });

  void it('reads a Gemini stream chunk carrying a 2 MB inline image from its tail', () => {
    const chunk = {
      candidates: [
        {
          content: {
            role: 'model',
            parts: [
              {
                inlineData: {
                  mimeType: 'image/png',
                  data: 'A'.repeat(2_000_000),
                },
              },
            ],
          },
          finishReason: 'STOP',
          index: 0,
        },
      ],
      usageMetadata: {
        promptTokenCount: 7,
        candidatesTokenCount: 1290,
        totalTokenCount: 1297,
      },
      modelVersion: 'gemini-2.5-flash-image',
      responseId: 'img-resp-1',
    };
    const got = parse(
      'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash-image:streamGenerateContent?alt=sse',
      {},
      SSE,
      `data: ${JSON.stringify(chunk)}\r\n\r\n`,
    );
    assert.deepStrictEqual(got, {
      chunks: 1,
      facts: {
        complete: true,
        responseId: 'img-resp-1',
        responseModel: 'gemini-2.5-flash-image',
        finishReasons: ['STOP'],
        usage: { inputTokens: 7, outputTokens: 1290 },
      },
    });
  });

  void it('reads a 2.6 MB Anthropic message from its head and tail', () => {
    const body = JSON.stringify({
      id: 'msg_big',
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4-5-20250929',
      content: [{ type: 'text', text: longText }],
      stop_reason: 'max_tokens',
      stop_sequence: null,
      usage: {
        input_tokens: 10,
        cache_read_input_tokens: 5,
        cache_creation_input_tokens: 0,
        output_tokens: 64000,
      },
    });
    const got = parse(
      'https://api.anthropic.com/v1/messages',
      {},
      JSON_BODY,
      body,
    );
    assert.deepStrictEqual(got.facts, {
      complete: true,
      responseId: 'msg_big',
      responseModel: 'claude-sonnet-4-5-20250929',
      finishReasons: ['max_tokens'],
      usage: {
        inputTokens: 15,
        outputTokens: 64000,
        cacheReadInputTokens: 5,
        cacheWriteInputTokens: 0,
      },
    });
  });
});
