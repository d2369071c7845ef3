// Generated text: one word per output token, picked by a hash of (seed, index)
// so that tests can recompute it and a seed changes it.

/** The 16 words the mock model speaks; every word is 4 ASCII letters. */
export const MOCK_VOCABULARY: readonly string[] = [
  'mock',
  'data',
  'text',
  'word',
  'from',
  'fake',
  'llms',
  'test',
  'node',
  'byte',
  'call',
  'span',
  'unit',
  'time',
  'load',
  'sent',
];

/** FNV-1a, 32 bit, over the UTF-16 code units of `s` (all ASCII here). */
export function fnv1a32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** Word i is MOCK_VOCABULARY[fnv1a32(`${seed}:${i}`) % 16]. */
export function mockWords(count: number, seed: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    out.push(MOCK_VOCABULARY[fnv1a32(`${seed}:${i}`) % 16] as string);
  }
  return out;
}

/** The reply text for `tokens` output tokens: the words joined by one space. */
export function mockText(tokens: number, seed = 0): string {
  return mockWords(tokens, seed).join(' ');
}

/**
 * Splits the words into `chunks` stream pieces as evenly as possible (piece k
 * holds words [floor(k*n/c), floor((k+1)*n/c))); every piece but the first
 * starts with the separating space, so the pieces concatenate to the text.
 */
export function splitPieces(
  words: readonly string[],
  chunks: number,
): string[] {
  const n = words.length;
  const c = Math.max(1, Math.min(chunks, n));
  const out: string[] = [];
  for (let k = 0; k < c; k++) {
    const from = Math.floor((k * n) / c);
    const to = Math.floor(((k + 1) * n) / c);
    const piece = words.slice(from, to).join(' ');
    out.push(k === 0 ? piece : ' ' + piece);
  }
  return out;
}
