// Writes a provider's response description, applying scenario timing and the
// body faults (malformed, truncated, cut) the same way for every provider.
import type { MockResponse } from '../types.js';
import type { ScenarioConfig } from '../scenario/scenario.js';
import {
  abortResponse,
  type AnyResponse,
  writeChunk,
  writeHead,
  writeThenAbort,
} from './any-http.js';
import { sleep } from './sleep.js';

export type BodyFault = 'malformed' | 'truncated' | 'cut' | undefined;

/** Drops the last '}' so the JSON no longer parses; no '}' -> a non-JSON prefix. */
export function corrupt(buf: Buffer): Buffer {
  const i = buf.lastIndexOf('}');
  if (i < 0) return Buffer.concat([Buffer.from('{not json '), buf]);
  return Buffer.concat([buf.subarray(0, i), buf.subarray(i + 1)]);
}

/** Index of the chunk a cut stream breaks in: cut_after, else half; never 0 or past the end. */
export function cutIndex(length: number, cutAfter: number | undefined): number {
  return Math.max(1, Math.min(length - 1, cutAfter ?? Math.floor(length / 2)));
}

function isClosed(res: AnyResponse): boolean {
  if (res.writableEnded) return true;
  // Http2ServerResponse has no `destroyed`; its stream does.
  return 'stream' in res
    ? res.stream.destroyed || res.stream.closed
    : res.destroyed;
}

export async function writeResponse(
  res: AnyResponse,
  response: MockResponse,
  scenario: ScenarioConfig,
  fault: BodyFault,
): Promise<void> {
  const latency = scenario.latency ?? 0;
  const ttft = scenario.ttft ?? 0;
  const chunkDelay = scenario.chunkDelay ?? 0;

  if (!('chunks' in response)) {
    await sleep(latency + ttft, res);
    if (isClosed(res)) return;
    let body = response.body;
    if (fault === 'malformed') body = corrupt(body);
    writeHead(res, response.status, {
      ...response.headers,
      'content-length': String(body.length),
    });
    if (fault === 'truncated' || fault === 'cut') {
      writeThenAbort(res, body.subarray(0, Math.floor(body.length / 2)));
      return;
    }
    res.end(body);
    return;
  }

  const chunks = response.chunks;
  const first = response.firstTokenChunk ?? 0;
  const cutAt =
    fault === 'cut' || fault === 'truncated'
      ? cutIndex(chunks.length, scenario.cutAfter)
      : -1;
  await sleep(latency, res);
  if (isClosed(res)) return;
  writeHead(res, response.status, response.headers);
  // Deadlines from one start time, so timer drift does not add up per chunk.
  const start = performance.now();
  for (let i = 0; i < chunks.length; i++) {
    if (i >= first && ttft + chunkDelay > 0) {
      const due = start + ttft + (i - first) * chunkDelay;
      const wait = Math.round(due - performance.now());
      if (wait > 0) {
        await sleep(wait, res);
        if (isClosed(res)) return;
      }
    }
    let chunk = chunks[i] as Buffer;
    if (fault === 'malformed' && i === Math.min(first, chunks.length - 1))
      chunk = corrupt(chunk);
    if (i === cutAt) {
      // Half of this chunk, then the connection goes.
      writeThenAbort(res, chunk.subarray(0, Math.floor(chunk.length / 2)));
      return;
    }
    const pending = writeChunk(res, chunk);
    if (pending !== undefined) await pending;
    if (isClosed(res)) return;
  }
  if (cutAt >= 0) {
    abortResponse(res);
    return;
  }
  res.end();
}
