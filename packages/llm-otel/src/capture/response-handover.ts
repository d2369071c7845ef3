// Where the undici layer sees a fetch response's bytes as they arrive, the
// fetch layer need not observe it by handing the app a copy with a second
// stream. Two sources: the dispatcher tap (dispatcher-tap.ts: fetch calls
// through the process-wide dispatcher, on every Node), and else the
// body-chunk channels, where undici publishes them (its copy in Node 24, the
// undici package from 7.11). The handover is where the layers meet for one
// fetch call. The undici side tells it about each request that fetch
// dispatches (a redirect makes several) and what happens to the last one;
// when fetch settles, the fetch layer connects the response the app gets,
// untouched, to the exchange's sink.
//
// Anything that is not plainly the same response (no chunk events known for
// that request, headers not seen, a redirect hop, too much arriving before the
// app got the response) makes connect() decline, and the fetch layer observes
// the body itself as before: the app has read nothing yet, so nothing is lost.

import { decodedSink } from './decoded-sink.js';
import type { ResponseSink } from './decoded-sink.js';
import {
  abortedByTimer,
  failReason,
  handedOverFailReason,
  timedAbort,
} from './fail-reason.js';
import type { FailReason } from './exchange.js';
import type { GuardedSink } from './guarded-sink.js';
import { fetchHeaderRecord } from './header-record.js';

/** What may arrive between the response headers and fetch settling (normally one socket read). */
const MAX_EARLY_BYTES = 1024 * 1024;

interface Terminal {
  readonly failed: boolean;
  readonly error?: unknown;
}

export class ResponseHandover {
  /** The last request fetch dispatched, if its undici publishes body chunks. */
  private request: object | undefined;
  /** Its response headers came and the exchange is LLM traffic. */
  private observing = false;
  /** Chunks that came before connect, and when each arrived. */
  private early: Uint8Array[] = [];
  private earlyAt: number[] = [];
  private earlyBytes = 0;
  private terminal: Terminal | undefined;
  /** A request of this call failed from a timer callback (fail-reason.ts). */
  private failedByTimer = false;
  private sink: ResponseSink | undefined;
  private released = false;
  /** fetch's requests come through the dispatcher tap, not the channels. */
  private tapped = false;

  /**
   * @param wanted asks the fetch layer whether this exchange may be reported
   *   (false once it knows it is not LLM traffic), so that non-LLM responses
   *   are not copied here. It must not decide: undici's callbacks run in the
   *   socket's async context, not the app's.
   */
  constructor(
    private readonly wanted: () => boolean,
    private readonly signal: AbortSignal | undefined,
  ) {}

  // ---- undici side: called from channel subscribers, for this call's requests

  /**
   * A request fetch dispatched, seen on the create channel; returns whether
   * its events are wanted: those of its body where it publishes them, and
   * its failure in any case (see error()). None when the dispatcher tap
   * reports this call's requests.
   */
  requestCreated(request: object, publishesChunks: boolean): boolean {
    if (this.tapped) return false;
    this.track(request, publishesChunks);
    return true;
  }

  /**
   * A request fetch dispatched through the tapped dispatcher (see
   * dispatcher-tap.ts), which reports its events from then on; returns
   * whether they are wanted.
   */
  tapCreated(handler: object): boolean {
    this.tapped = true;
    return this.track(handler, true);
  }

  private track(request: object, publishesChunks: boolean): boolean {
    if (this.released || this.sink !== undefined) return false;
    this.request = publishesChunks ? request : undefined;
    this.observing = false;
    this.early = [];
    this.earlyAt = [];
    this.earlyBytes = 0;
    this.terminal = undefined;
    return publishesChunks;
  }

  headers(request: object): void {
    if (request !== this.request) return;
    this.observing = this.wanted();
    if (!this.observing) this.request = undefined;
  }

  chunk(request: object, chunk: Uint8Array): void {
    if (request !== this.request || !this.observing) return;
    if (this.sink !== undefined) {
      this.sink.chunk(chunk);
      return;
    }
    this.earlyBytes += chunk.byteLength;
    if (this.earlyBytes > MAX_EARLY_BYTES) {
      this.request = undefined; // The fetch layer observes it instead.
      this.early = [];
      this.earlyAt = [];
      return;
    }
    // Kept as is, not copied: undici's chunk views the socket's read, which
    // undici neither reuses nor transfers (fetch enqueues its own copy). Under
    // load many chunks can come before connect; a copy each was measurable
    // garbage (peak RSS) on the handover path.
    this.early.push(chunk);
    this.earlyAt.push(performance.now());
  }

  end(request: object): void {
    if (request !== this.request) return;
    if (this.sink !== undefined) this.sink.end();
    else this.terminal = { failed: false };
  }

  /**
   * A request of this call failed. Called for every request of the call,
   * observed or not, synchronously where undici fails it: an abort is
   * delivered in the caller's callback, which tells a timer's apart.
   */
  error(request: object, error: unknown): void {
    if (abortedByTimer()) this.failedByTimer = true;
    if (request !== this.request) return;
    if (this.sink !== undefined) {
      this.sink.fail(this.handedOverReason(error), error);
    } else {
      this.terminal = { failed: true, error };
    }
  }

  // ---- fetch side: called once fetch settled

  /**
   * Connects the response the app gets to the exchange's sink, replaying what
   * arrived before. Returns false when this response is not observed here.
   */
  connect(sink: GuardedSink, response: Response): boolean {
    if (this.released || this.request === undefined || !this.observing) {
      return false;
    }
    // A fetch Response's headers cannot change: read when the recorder needs them.
    const headers = response.headers;
    sink.responseHeaders(response.status, () => fetchHeaderRecord(headers));
    const out = decodedSink(sink, headers.get('content-encoding') ?? undefined);
    const early = this.early;
    const earlyAt = this.earlyAt;
    this.early = [];
    this.earlyAt = [];
    for (let i = 0; i < early.length; i++) out.chunk(early[i]!, earlyAt[i]);
    const terminal = this.terminal;
    if (terminal === undefined) {
      this.sink = out;
    } else if (terminal.failed) {
      out.fail(this.handedOverReason(terminal.error), terminal.error);
    } else {
      out.end();
    }
    return true;
  }

  /** Why the fetch call failed, when fetch rejected. */
  failReason(error: unknown): FailReason {
    return timedAbort(failReason(error, this.signal), this.failedByTimer);
  }

  private handedOverReason(error: unknown): FailReason {
    return timedAbort(
      handedOverFailReason(error, this.signal),
      this.failedByTimer,
    );
  }

  /** The fetch call does not use the handover: later events are ignored. */
  release(): void {
    this.released = true;
    this.request = undefined;
    this.early = [];
    this.earlyAt = [];
  }
}
