import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { BoundedBody } from '../../../src/providers/common/bounded-body.js';
import { matchProvider } from '../../../src/providers/registry.js';
import type { ResponseFacts } from '../../../src/providers/types.js';
import {
  JSON_BODY,
  NO_CONTENT,
  fixture,
  parseAllSplits,
  responseParser,
} from '../parse-helpers.js';
import type { Exchange } from '../parse-helpers.js';

/** The exchange of an embeddings call to `url`, for `model`. */
function embeddingsExchange(url: string, model: string): Exchange {
  const found = matchProvider(
    'POST',
    new URL(url),
    {},
    { openAICompatibleBaseUrls: [] },
  );
  assert.ok(found);
  return { ...found, request: { model } };
}

const ex = embeddingsExchange(
  'https://api.openai.com/v1/embeddings',
  'text-embedding-3-small',
);
const mistralEx = embeddingsExchange(
  'https://api.mistral.ai/v1/embeddings',
  'mistral-embed',
);

void describe('OpenAI embeddings', () => {
  void it('reads the request encoding format the SDK sends (base64)', () => {
    const body = JSON.stringify({
      model: 'text-embedding-3-small',
      input: ['hello', 'world'],
      encoding_format: 'base64',
    });
    assert.deepStrictEqual(ex.module.parseRequest(ex.match, body, NO_CONTENT), {
      model: 'text-embedding-3-small',
      encodingFormats: ['base64'],
    });
  });

  void it('reads a float answer', () => {
    const got = parseAllSplits(
      responseParser(ex, JSON_BODY),
      fixture('openai', 'openai-embeddings-float.json'),
    );
    assert.deepStrictEqual(got, {
      chunks: 0,
      facts: {
        complete: true,
        responseModel: 'text-embedding-3-small',
        usage: { inputTokens: 9 },
        embeddingsDimension: 8,
      },
    });
  });

  void it('reads a base64 answer (4 bytes per float)', () => {
    const got = parseAllSplits(
      responseParser(ex, JSON_BODY),
      fixture('openai', 'openai-embeddings-base64.json'),
    );
    assert.deepStrictEqual(got.facts, {
      complete: true,
      responseModel: 'text-embedding-3-small',
      usage: { inputTokens: 4 },
      embeddingsDimension: 8,
    });
  });

  void it("reads Mistral's answer, with its id and no output tokens", () => {
    const got = parseAllSplits(
      responseParser(mistralEx, JSON_BODY),
      fixture('openai', 'mistral-embeddings.json'),
    );
    assert.deepStrictEqual(got, {
      chunks: 0,
      facts: {
        complete: true,
        responseId: 'embd-aad6fc62b17349b192ef09225058bc45',
        responseModel: 'mistral-embed',
        usage: { inputTokens: 6 },
        embeddingsDimension: 8,
      },
    });
  });
});

/** A realistic 5 MB float embeddings body: 400 vectors of 1536 dims. */
function bigEmbeddingsBody(head = ''): Uint8Array {
  const vectors: string[] = [];
  let x = 0.123456789;
  for (let i = 0; i < 400; i++) {
    const values: string[] = [];
    for (let d = 0; d < 1536; d++) {
      x = (x * 9301 + 49297) % 233280;
      values.push((x / 233280 - 0.5).toFixed(9));
    }
    vectors.push(
      `{"object":"embedding","index":${i},"embedding":[${values.join(',')}]}`,
    );
  }
  const text = `{${head}"object":"list","data":[${vectors.join(',')}],"model":"text-embedding-3-small","usage":{"prompt_tokens":5200,"total_tokens":5200}}`;
  return new TextEncoder().encode(text);
}

void describe('a 5 MB embeddings body', () => {
  const body = bigEmbeddingsBody();
  const expected: ResponseFacts = {
    complete: true,
    responseModel: 'text-embedding-3-small',
    usage: { inputTokens: 5200 },
    embeddingsDimension: 1536,
  };

  void it('is generated at over 5 MB', () => {
    assert.ok(body.length > 5_000_000, String(body.length));
  });

  void it('is read from its head and tail windows in 64 KB chunks', () => {
    const parser = responseParser(ex, JSON_BODY)();
    let chunks = 0;
    for (let at = 0; at < body.length; at += 65536)
      chunks += parser.push(body.subarray(at, at + 65536));
    assert.deepStrictEqual(
      { chunks, facts: parser.finish(false) },
      { chunks: 0, facts: expected },
    );
  });

  void it('gives the same facts under random splits', () => {
    // Every-byte splitting of 5 MB would be slow: strided two-piece splits.
    for (let i = 1; i < body.length; i += 524287) {
      const parser = responseParser(ex, JSON_BODY)();
      parser.push(body.subarray(0, i));
      parser.push(body.subarray(i));
      assert.deepStrictEqual(parser.finish(false), expected, `split at ${i}`);
    }
  });

  void it('keeps memory bounded: at most head + tail window + one chunk retained', () => {
    const collected = new BoundedBody(256 * 1024);
    let peak = 0;
    for (let at = 0; at < body.length; at += 16384) {
      collected.push(body.subarray(at, at + 16384));
      peak = Math.max(peak, collected.retained);
    }
    assert.equal(collected.size, body.length);
    // Below the threshold it holds the body; past it, two 64 KB windows.
    assert.ok(peak <= 256 * 1024 + 16384, `peak ${peak}`);
    assert.ok(
      collected.retained <= 2 * 65536 + 16384,
      `end ${collected.retained}`,
    );
    const text = collected.text();
    assert.equal(typeof text, 'object');
  });

  void it("reads an id ahead of the vectors (Mistral's) from the head", () => {
    const parser = responseParser(ex, JSON_BODY)();
    const withId = bigEmbeddingsBody('"id":"embd-5c0e",');
    for (let at = 0; at < withId.length; at += 65536)
      parser.push(withId.subarray(at, at + 65536));
    assert.deepStrictEqual(parser.finish(false), {
      ...expected,
      responseId: 'embd-5c0e',
    });
  });

  void it('keeps only the windows of a single 5 MB chunk', () => {
    const collected = new BoundedBody(256 * 1024);
    collected.push(body);
    assert.equal(collected.retained, 2 * 65536);
  });
});
