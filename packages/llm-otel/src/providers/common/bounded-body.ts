// Collects a non-stream response body for one parse at the end. Small bodies
// are kept whole. Past the threshold only the first and last WINDOW bytes are
// kept (a ring of chunks for the tail), so a multi-MB embeddings answer costs
// two small windows and is never parsed, let alone twice.

import { WINDOW_SIZE } from '../framing/bounded-text.js';
import type { TruncatedText } from '../framing/bounded-text.js';

export const DEFAULT_BODY_THRESHOLD = 1024 * 1024;

const decoder = new TextDecoder('utf-8');

function concat(chunks: readonly Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

export class BoundedBody {
  private chunks: Uint8Array[] = [];
  private kept = 0;
  private total = 0;
  private head: Uint8Array | undefined;

  constructor(
    private readonly threshold: number = DEFAULT_BODY_THRESHOLD,
    private readonly window: number = WINDOW_SIZE,
  ) {}

  get size(): number {
    return this.total;
  }

  /** Bytes held right now: the measure of bounded memory. */
  get retained(): number {
    return this.kept + (this.head?.length ?? 0);
  }

  push(chunk: Uint8Array): void {
    const length = chunk.length;
    if (length === 0) return;
    this.total += length;
    if (this.head === undefined) {
      if (this.kept + length <= this.threshold) {
        // Kept, not copied: the recorder passes on bytes that nobody changes
        // afterwards (see ExchangeSink.responseChunk).
        this.chunks.push(chunk);
        this.kept += length;
        return;
      }
      const missing = Math.max(0, this.window - this.kept);
      this.head = concat(
        [...this.chunks, chunk.subarray(0, missing)],
        this.kept + Math.min(missing, length),
      ).slice(0, this.window);
      // From here on only the windows are kept: copies, so that a view does
      // not hold a larger buffer it came from.
      this.chunks = this.chunks.map(c => c.slice());
    }
    if (length >= this.window) {
      this.chunks = [chunk.slice(length - this.window)];
      this.kept = this.window;
      return;
    }
    this.chunks.push(chunk.slice());
    this.kept += length;
    // Drop whole chunks from the front while the rest still covers the tail.
    while (this.chunks.length > 1) {
      const first = this.chunks[0];
      if (first === undefined || this.kept - first.length < this.window) break;
      this.chunks.shift();
      this.kept -= first.length;
    }
  }

  /** The whole body, or its head and tail when it went over the threshold. */
  text(): string | TruncatedText {
    const only = this.chunks.length === 1 ? this.chunks[0] : undefined;
    if (this.head === undefined && only !== undefined)
      return decoder.decode(only);
    const all = concat(this.chunks, this.kept);
    if (this.head === undefined) return decoder.decode(all);
    return {
      head: decoder.decode(this.head),
      tail: decoder.decode(all.subarray(Math.max(0, all.length - this.window))),
      length: this.total,
    };
  }
}
