// Reads a fetch body ahead of the app, holding at most READ_AHEAD_BYTES, so
// the recorder learns of the body's end (or error) when it arrives, as the
// undici layer does where it sees the bytes itself. SDKs often stop reading
// after the last event without reading the end: ollama-js returns on
// `done: true`, and @google/genai only releases its reader when the app
// breaks out of a stream. Without this, such a span ended only at a GC, as a
// cancellation, or never. Reading starts with the app's first read: a body
// nobody reads is left to undici (and to the GC hook of observed-response).
//
// The bound keeps memory near what undici itself buffers for a body the app
// reads slowly. Chunks reach the app one by one as they came, never later
// than without us; each is reported when it arrives, with its own time.

import { failReason } from './fail-reason.js';
import type { GuardedSink } from './guarded-sink.js';

export const READ_AHEAD_BYTES = 64 * 1024;

/** A byte stream's enqueue() transfers the buffer: never transfer one we do not own whole. */
function ownedChunk(chunk: Uint8Array): Uint8Array<ArrayBuffer> {
  return chunk.byteOffset === 0 &&
    chunk.byteLength === chunk.buffer.byteLength &&
    chunk.buffer instanceof ArrayBuffer
    ? (chunk as Uint8Array<ArrayBuffer>)
    : chunk.slice();
}

/** Where a chunk goes when the app is waiting for one. */
export interface Waiter {
  deliver(chunk: Uint8Array<ArrayBuffer> | null): void;
  fail(error: unknown): void;
}

export class ReadAhead {
  private readonly held: Uint8Array<ArrayBuffer>[] = [];
  private heldBytes = 0;
  private reading = false;
  private ended = false;
  private failure: { readonly error: unknown } | undefined;
  private waiter: Waiter | undefined;

  constructor(
    private readonly reader: ReadableStreamDefaultReader<Uint8Array>,
    private readonly sink: GuardedSink,
    private readonly signal: AbortSignal | undefined,
  ) {}

  /**
   * Gives the app's next chunk (null at the end) or the body's error (the
   * same object) to `waiter`: at once when it is here, else when it arrives.
   * Returns true when it was given at once.
   */
  next(waiter: Waiter): boolean {
    const chunk = this.held.shift();
    if (chunk !== undefined) {
      this.heldBytes -= chunk.byteLength;
      this.read();
      waiter.deliver(chunk);
      return true;
    }
    if (this.failure !== undefined) {
      waiter.fail(this.failure.error);
      return true;
    }
    if (this.ended) {
      waiter.deliver(null);
      return true;
    }
    this.waiter = waiter;
    this.read();
    return false;
  }

  /** After the app cancels: nothing more is held or read. */
  stop(): void {
    this.ended = true;
    this.held.length = 0;
    this.heldBytes = 0;
    this.waiter = undefined;
  }

  private read(): void {
    if (this.reading || this.ended || this.failure !== undefined) return;
    if (this.heldBytes >= READ_AHEAD_BYTES) return;
    this.reading = true;
    this.reader.read().then(
      result => {
        this.arrived(result);
      },
      (error: unknown) => {
        this.failed(error);
      },
    );
  }

  private arrived(result: ReadableStreamReadResult<Uint8Array>): void {
    this.reading = false;
    if (this.ended) return;
    const waiter = this.waiter;
    this.waiter = undefined;
    if (result.done) {
      this.ended = true;
      this.sink.end();
      waiter?.deliver(null);
      return;
    }
    const chunk = result.value;
    // A byte stream cannot carry empty chunks; the app never gets them from
    // the original (also a byte stream) either.
    if (chunk.byteLength > 0) {
      // The recorder keeps its bytes until it parses them, so it never gets
      // the buffer enqueue() transfers: one copy per chunk, for whichever
      // side does not get the original.
      const forApp = ownedChunk(chunk);
      this.sink.responseChunk(forApp === chunk ? chunk.slice() : chunk);
      if (waiter === undefined) {
        this.held.push(forApp);
        this.heldBytes += forApp.byteLength;
      } else {
        waiter.deliver(forApp);
      }
    } else {
      this.waiter = waiter;
    }
    this.read();
  }

  private failed(error: unknown): void {
    this.reading = false;
    if (this.ended) return;
    this.failure = { error };
    // An errored stream drops what it queued: the app's next read rejects.
    this.held.length = 0;
    this.heldBytes = 0;
    this.sink.fail(failReason(error, this.signal), error);
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.fail(error);
  }
}
