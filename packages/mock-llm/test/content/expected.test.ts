import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  defaultOutputTokens,
  expectedPieces,
  expectedText,
  expectedUsage,
} from '../../src/index.js';

void describe('expected helpers', () => {
  void it('default output length is 8 + seed mod 8', () => {
    assert.deepEqual(
      [0, 1, 7, 8, 13].map(defaultOutputTokens),
      [8, 9, 15, 8, 13],
    );
    assert.equal(expectedText({ seed: 3 }).split(' ').length, 11);
  });

  void it('usage follows the body and the scenario', () => {
    assert.deepEqual(
      expectedUsage({
        body: { messages: [{ role: 'user', content: 'a b c' }] },
        scenario: 'tokens=4,cache_read=2,cache_write=1,reasoning=3',
      }),
      {
        inputTokens: 3,
        cacheReadTokens: 2,
        cacheWriteTokens: 1,
        outputTokens: 4,
        reasoningTokens: 3,
      },
    );
    assert.equal(expectedUsage({ scenario: 'size=12' }).outputTokens, 3);
    assert.equal(expectedUsage({ scenario: { tokens: 2 } }).outputTokens, 2);
  });

  void it('pieces follow chunks', () => {
    assert.deepEqual(expectedPieces({ scenario: 'tokens=4,chunks=2' }), [
      'time call',
      ' test from',
    ]);
  });
});

void describe('wire-shaped usage helpers', () => {
  void it('map a MockUsage the way the server does', async () => {
    const { anthropicUsage, geminiUsage, openaiChatUsage, responsesUsage } =
      await import('../../src/index.js');
    const u = expectedUsage({
      body: { prompt: 'a b' },
      scenario: 'tokens=3,cache_read=1,reasoning=2',
    });
    assert.deepEqual(openaiChatUsage(u), {
      prompt_tokens: 3,
      completion_tokens: 5,
      total_tokens: 8,
      prompt_tokens_details: { cached_tokens: 1, audio_tokens: 0 },
      completion_tokens_details: {
        reasoning_tokens: 2,
        audio_tokens: 0,
        accepted_prediction_tokens: 0,
        rejected_prediction_tokens: 0,
      },
    });
    assert.deepEqual(responsesUsage(u), {
      input_tokens: 3,
      input_tokens_details: { cached_tokens: 1 },
      output_tokens: 5,
      output_tokens_details: { reasoning_tokens: 2 },
      total_tokens: 8,
    });
    assert.deepEqual(anthropicUsage(u), {
      input_tokens: 2,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 1,
      cache_creation: {
        ephemeral_5m_input_tokens: 0,
        ephemeral_1h_input_tokens: 0,
      },
      output_tokens: 5,
      service_tier: 'standard',
    });
    assert.deepEqual(geminiUsage(u, 1), {
      promptTokenCount: 3,
      candidatesTokenCount: 3,
      totalTokenCount: 8,
      cachedContentTokenCount: 1,
      thoughtsTokenCount: 2,
      promptTokensDetails: [{ modality: 'TEXT', tokenCount: 3 }],
      cacheTokensDetails: [{ modality: 'TEXT', tokenCount: 1 }],
    });
  });
});
