// Small builders shared by the provider modules.
import type {
  MockBodyResponse,
  MockHeaders,
  MockStreamResponse,
} from '../types.js';

export function jsonResponse(
  status: number,
  value: unknown,
  headers: MockHeaders = {},
): MockBodyResponse {
  return {
    status,
    headers: { 'content-type': 'application/json', ...headers },
    body: Buffer.from(JSON.stringify(value)),
  };
}

/** One SSE frame: optional `event:` line, one `data:` line, blank line. */
export function sseFrame(data: unknown, event?: string): Buffer {
  const payload = typeof data === 'string' ? data : JSON.stringify(data);
  return Buffer.from(
    event === undefined
      ? `data: ${payload}\n\n`
      : `event: ${event}\ndata: ${payload}\n\n`,
  );
}

export function sseResponse(
  chunks: Buffer[],
  firstTokenChunk: number,
  headers: MockHeaders = {},
): MockStreamResponse {
  return {
    status: 200,
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      ...headers,
    },
    chunks,
    firstTokenChunk,
  };
}

export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Splits a string into at most `parts` pieces of near-equal length. */
export function splitString(s: string, parts: number): string[] {
  const c = Math.max(1, Math.min(parts, s.length));
  const out: string[] = [];
  for (let k = 0; k < c; k++) {
    out.push(
      s.slice(
        Math.floor((k * s.length) / c),
        Math.floor(((k + 1) * s.length) / c),
      ),
    );
  }
  return out;
}
