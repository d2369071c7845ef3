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

/** The vector divided by its L2 norm, stored as float32 (all zeros stay zeros). */
export function normalizeEmbedding(vector: readonly number[]): number[] {
  let sum = 0;
  for (const v of vector) sum += v * v;
  const norm = Math.sqrt(sum);
  return Array.from(
    Float32Array.from(vector, v => (norm === 0 ? 0 : v / norm)),
  );
}

/** Cohere's embedding types (v2 API, Bedrock embed v3 and v4). */
export const COHERE_EMBEDDING_TYPES: readonly string[] = [
  'float',
  'int8',
  'uint8',
  'binary',
  'ubinary',
];

/** Math.round without -0 (JSON has no -0, so a parsed answer would differ). */
function round(x: number): number {
  return Math.round(x) || 0;
}

/**
 * A float vector in one of Cohere's embedding types: float as is; int8
 * round(v·127); uint8 round((v+1)·127.5); ubinary the sign bits (1 when
 * v > 0) packed 8 per byte, first value in the high bit, so ceil(n/8) values
 * 0–255; binary the same bytes minus 128.
 */
export function quantizeEmbedding(
  vector: readonly number[],
  type: string,
): number[] {
  switch (type) {
    case 'int8':
      return vector.map(v => round(v * 127));
    case 'uint8':
      return vector.map(v => round((v + 1) * 127.5));
    case 'binary':
    case 'ubinary': {
      const out: number[] = [];
      for (let k = 0; k < vector.length; k += 8) {
        let byte = 0;
        for (let b = 0; b < 8; b++)
          byte = (byte << 1) | ((vector[k + b] ?? 0) > 0 ? 1 : 0);
        out.push(type === 'binary' ? byte - 128 : byte);
      }
      return out;
    }
    default:
      return [...vector];
  }
}
