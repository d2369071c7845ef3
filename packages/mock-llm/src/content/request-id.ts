import { createHash } from 'node:crypto';

/** 24 hex digits of sha256(`${seed}\n${path}\n` + body): same request, same id. */
export function requestId(seed: number, path: string, body: Buffer): string {
  return createHash('sha256')
    .update(`${seed}\n${path}\n`)
    .update(body)
    .digest('hex')
    .slice(0, 24);
}

/** Every response's creation time: 2026-01-01T00:00:00Z, plus the seed in seconds. */
export function createdAt(seed: number): number {
  return 1767225600 + seed;
}
