// Test support: feeds recorded bodies to parsers whole, split at every byte
// boundary, byte by byte and in deterministic random chunks, and checks that
// every way of splitting gives the same facts and the same chunk count.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import type {
  ParseOptions,
  ProviderMatch,
  ProviderModule,
  RequestFacts,
  ResponseFacts,
  ResponseMeta,
  ResponseParser,
} from '../../src/providers/types.js';

export const NO_CONTENT: ParseOptions = { captureContent: false };
export const WITH_CONTENT: ParseOptions = { captureContent: true };

export function fixture(provider: string, name: string): Uint8Array {
  const url = new URL(`./${provider}/fixtures/${name}`, import.meta.url);
  return new Uint8Array(readFileSync(url));
}

export function fixtureText(provider: string, name: string): string {
  return new TextDecoder().decode(fixture(provider, name));
}

export interface Parsed {
  readonly facts: ResponseFacts;
  /** Total output chunks reported by push() over the whole body. */
  readonly chunks: number;
}

export function feed(
  parser: ResponseParser,
  pieces: readonly Uint8Array[],
  cut = false,
): Parsed {
  let chunks = 0;
  for (const piece of pieces) chunks += parser.push(piece);
  return { facts: parser.finish(cut), chunks };
}

/** A small deterministic PRNG (mulberry32) so random splits are repeatable. */
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

function* splittings(bytes: Uint8Array): Generator<Uint8Array[]> {
  yield [bytes];
  // Every byte boundary, two pieces (bodies up to 16 KB; larger get a stride).
  const stride = Math.max(1, Math.floor(bytes.length / 16384));
  for (let i = 1; i < bytes.length; i += stride) {
    yield [bytes.subarray(0, i), bytes.subarray(i)];
  }
  // Byte by byte.
  yield Array.from(bytes, (_, i) => bytes.subarray(i, i + 1));
  // Deterministic random chunk sizes.
  for (let seed = 1; seed <= 20; seed++) {
    const next = random(seed);
    const pieces: Uint8Array[] = [];
    for (let at = 0; at < bytes.length;) {
      const size = 1 + Math.floor(next() * 64);
      pieces.push(bytes.subarray(at, at + size));
      at += size;
    }
    yield pieces;
  }
}

/**
 * Parses `bytes` with fresh parsers under every splitting and asserts that
 * they all agree; returns the common result.
 */
export function parseAllSplits(
  make: () => ResponseParser,
  bytes: Uint8Array,
  cut = false,
): Parsed {
  const whole = feed(make(), [bytes], cut);
  for (const pieces of splittings(bytes)) {
    const got = feed(make(), pieces, cut);
    assert.deepStrictEqual(got, whole, `split into ${pieces.length} pieces`);
  }
  return whole;
}

export interface Exchange {
  readonly module: ProviderModule;
  readonly match: ProviderMatch;
  readonly request: RequestFacts;
}

export function meta(contentType: string, status = 200): ResponseMeta {
  return { status, headers: { 'content-type': contentType } };
}

export const SSE = meta('text/event-stream; charset=utf-8');
export const JSON_BODY = meta('application/json');
export const NDJSON = meta('application/x-ndjson');

/** Response parser maker for parseAllSplits. */
export function responseParser(
  exchange: Exchange,
  response: ResponseMeta,
  options: ParseOptions = NO_CONTENT,
): () => ResponseParser {
  return () =>
    exchange.module.createResponseParser(
      exchange.match,
      exchange.request,
      response,
      options,
    );
}
