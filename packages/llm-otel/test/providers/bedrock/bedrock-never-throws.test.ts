import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { bedrockProvider } from '../../../src/providers/bedrock/index.js';
import type { ResponseMeta } from '../../../src/providers/types.js';
import { WITH_CONTENT, fixture } from '../parse-helpers.js';

/** mulberry32: deterministic pseudo-random bytes. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const OPS = [
  'converse',
  'converse-stream',
  'invoke',
  'invoke-with-response-stream',
];
const METAS: ResponseMeta[] = [
  {
    status: 200,
    headers: { 'content-type': 'application/vnd.amazon.eventstream' },
  },
  { status: 200, headers: { 'content-type': 'application/json' } },
  { status: 200, headers: {} },
  { status: 400, headers: { 'x-amzn-errortype': '::::' } },
];

void describe('Bedrock parser never throws', () => {
  void it('survives corrupted recordings and random bytes for every operation', () => {
    const sources = [
      fixture('bedrock', 'converse-stream-text-then-tool-use.eventstream'),
      fixture(
        'bedrock',
        'invoke-stream-anthropic-tool-use-cache-read.eventstream',
      ),
      fixture('bedrock', 'converse-tool-use.json'),
    ];
    const next = random(7);
    let runs = 0;
    for (const op of OPS) {
      const match = bedrockProvider.match(
        'POST',
        new URL(
          `https://bedrock-runtime.us-west-2.amazonaws.com/model/m/${op}`,
        ),
        {},
        { openAICompatibleBaseUrls: [] },
      );
      assert.ok(match);
      for (const meta of METAS) {
        for (const source of sources) {
          for (let k = 0; k < 20; k++) {
            const bytes = Uint8Array.from(source);
            // Flip a few bytes (past the CRC check some land in payloads).
            for (let f = 0; f < 1 + (k % 4); f++)
              bytes[Math.floor(next() * bytes.length)] = Math.floor(
                next() * 256,
              );
            const request =
              bedrockProvider.parseRequest(match, bytes, WITH_CONTENT) ?? {};
            const parser = bedrockProvider.createResponseParser(
              match,
              request,
              meta,
              WITH_CONTENT,
            );
            for (
              let at = 0;
              at < bytes.length;
              at += 1 + Math.floor(next() * 50)
            )
              parser.push(bytes.subarray(at, at + 50));
            const facts = parser.finish(k % 2 === 0);
            assert.equal(typeof facts.complete, 'boolean');
            runs++;
          }
        }
      }
    }
    assert.equal(runs, 4 * 4 * 3 * 20);
  });
});
