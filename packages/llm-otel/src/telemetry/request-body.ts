// The request body of one attempt, as capture hands it over: whole, or in
// chunks as the client writes it. Copied, because the bytes are the app's
// (or a pooled buffer) and may change once the call returns; a copy costs
// less than parsing them in the app's path. Past the bound nothing is kept,
// and the request is recorded without its body's facts.

/** Request bodies larger than this are not parsed (nor kept). */
export const MAX_REQUEST_BODY_BYTES = 16 * 1024 * 1024;

const encoder = new TextEncoder();

export class RequestBody {
  private chunks: Uint8Array[] = [];
  private size = 0;
  private over = false;

  /** The body was larger than MAX_REQUEST_BODY_BYTES: it is not kept. */
  get tooLarge(): boolean {
    return this.over;
  }

  /** A body handed over whole: its copy, or undefined past the bound. */
  whole(body: Uint8Array): Uint8Array | undefined {
    this.over = body.byteLength > MAX_REQUEST_BODY_BYTES;
    return this.over ? undefined : body.slice();
  }

  /** One more chunk of a body the client writes piece by piece. */
  add(chunk: Uint8Array | string): void {
    if (this.over) return;
    const bytes = typeof chunk === 'string' ? encoder.encode(chunk) : chunk;
    this.size += bytes.length;
    if (this.size > MAX_REQUEST_BODY_BYTES) {
      this.over = true;
      this.chunks = [];
      return;
    }
    this.chunks.push(bytes.slice());
  }

  /** The chunks so far as one body, and lets go of them. */
  take(): Uint8Array | undefined {
    if (this.over) return undefined;
    const chunks = this.chunks;
    this.chunks = [];
    if (chunks.length === 0) return undefined;
    if (chunks.length === 1) return chunks[0];
    const out = new Uint8Array(this.size);
    let at = 0;
    for (const c of chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }
}
