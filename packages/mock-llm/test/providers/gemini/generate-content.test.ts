import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { GoogleGenAI, Type } from '@google/genai';
import {
  expectedText,
  startMockLlm,
  type MockLlm,
} from '../../../src/index.js';

void describe('Gemini generateContent with the real @google/genai SDK', () => {
  let mock: MockLlm;
  let client: GoogleGenAI;
  before(async () => {
    mock = await startMockLlm();
    client = new GoogleGenAI({
      apiKey: 'test-key',
      httpOptions: { baseUrl: mock.url },
    });
  });
  after(() => mock.close());

  void it('answers non-stream with thoughts and cached tokens; model from the URL', async () => {
    const res = await client.models.generateContent({
      model: 'gemini-2.5-flash~reasoning=5,cache_read=3',
      contents: 'hello gemini world',
    });
    assert.equal(res.text, expectedText());
    assert.equal(res.modelVersion, 'gemini-2.5-flash~reasoning=5,cache_read=3');
    assert.deepEqual(res.usageMetadata, {
      promptTokenCount: 6,
      candidatesTokenCount: 8,
      totalTokenCount: 19,
      cachedContentTokenCount: 3,
      thoughtsTokenCount: 5,
      promptTokensDetails: [{ modality: 'TEXT', tokenCount: 6 }],
      cacheTokensDetails: [{ modality: 'TEXT', tokenCount: 3 }],
    });
    assert.match(
      mock.requests.at(-1)?.path ?? '',
      /^\/v1(beta)?\/models\/gemini-2\.5-flash/,
    );
  });

  void it('streams with alt=sse, usage cumulative and final on the last chunk', async () => {
    const stream = await client.models.generateContentStream({
      model: 'gemini-2.5-flash~chunks=2,tokens=4',
      contents: 'hi',
    });
    const seen: unknown[] = [];
    for await (const chunk of stream) {
      seen.push([
        chunk.text,
        chunk.candidates?.[0]?.finishReason,
        chunk.usageMetadata?.candidatesTokenCount,
        chunk.usageMetadata?.totalTokenCount,
      ]);
    }
    assert.deepEqual(seen, [
      ['time call', undefined, 2, 3],
      [' test from', 'STOP', 4, 5],
    ]);
    const url = mock.requests.at(-1);
    assert.equal(url?.path.endsWith(':streamGenerateContent'), true);
  });

  void it('calls a function', async () => {
    const res = await client.models.generateContent({
      model: 'gemini-2.5-flash',
      contents: 'weather?',
      config: {
        tools: [
          {
            functionDeclarations: [
              {
                name: 'get_weather',
                parameters: {
                  type: Type.OBJECT,
                  properties: { city: { type: Type.STRING } },
                },
              },
            ],
          },
        ],
      },
    });
    assert.deepEqual(res.functionCalls, [
      { name: 'get_weather', args: { city: 'mock' } },
    ]);
  });

  void it('streams a JSON array without alt=sse on v1', async () => {
    const res = await fetch(
      `${mock.url}/v1/models/gemini-pro~tokens=2:streamGenerateContent`,
      {
        method: 'POST',
        body: JSON.stringify({
          contents: [{ role: 'user', parts: [{ text: 'hi' }] }],
        }),
      },
    );
    const parsed = (await res.json()) as Array<{
      candidates: Array<{ content: { parts: Array<{ text: string }> } }>;
    }>;
    assert.deepEqual(
      parsed.map(c => c.candidates[0]?.content.parts[0]?.text),
      ['time', ' call'],
    );
  });
});
