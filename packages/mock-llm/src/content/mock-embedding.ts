import { fnv1a32 } from './mock-words.js';

/**
 * Vector for input i: component j is ((fnv1a32(`${seed}:${i}:${j}`) % 2001)
 * - 1000) / 1000, stored as float32 (so base64 and float agree exactly).
 */
export function mockEmbedding(
  index: number,
  dimensions: number,
  seed: number,
): number[] {
  const out = new Float32Array(dimensions);
  for (let j = 0; j < dimensions; j++) {
    out[j] = ((fnv1a32(`${seed}:${index}:${j}`) % 2001) - 1000) / 1000;
  }
  return Array.from(out);
}

/** Default embedding length when the request does not ask for one. */
export const DEFAULT_EMBEDDING_DIMENSIONS = 8;
