// Wraps the recorder's sink so that capture code can call it without care:
// every call is in try/catch (a throwing recorder never reaches the app), and
// after the first terminal call (end or fail) every further call is ignored,
// so each layer may report a terminal event from several places.

import { captureDiag } from './capture-diag.js';
import type {
  ExchangeRecorder,
  ExchangeSink,
  FailReason,
  OutgoingRequest,
  ResponseHeaders,
} from './exchange.js';

export class GuardedSink {
  /** True once end() or fail() was reported. */
  done = false;
  private cleanup: (() => void) | undefined;

  constructor(private readonly sink: ExchangeSink) {}

  /** Runs once after the terminal call (e.g. to drop a listener). */
  onDone(cleanup: () => void): void {
    this.cleanup = cleanup;
  }

  private finished(): void {
    this.done = true;
    const cleanup = this.cleanup;
    this.cleanup = undefined;
    try {
      cleanup?.();
    } catch (error) {
      captureDiag('capture cleanup failed', error);
    }
  }

  requestBody(chunk: Uint8Array | string): void {
    if (this.done) return;
    try {
      this.sink.requestBody(chunk);
    } catch (error) {
      captureDiag('recorder requestBody() threw', error);
    }
  }

  requestBodyEnd(): void {
    if (this.done) return;
    try {
      this.sink.requestBodyEnd();
    } catch (error) {
      captureDiag('recorder requestBodyEnd() threw', error);
    }
  }

  responseHeaders(status: number, headers: ResponseHeaders): void {
    if (this.done) return;
    try {
      this.sink.responseHeaders(status, headers);
    } catch (error) {
      captureDiag('recorder responseHeaders() threw', error);
    }
  }

  responseChunk(chunk: Uint8Array, receivedAt?: number): void {
    if (this.done) return;
    try {
      this.sink.responseChunk(chunk, receivedAt);
    } catch (error) {
      captureDiag('recorder responseChunk() threw', error);
    }
  }

  responseBodyHidden(): void {
    if (this.done) return;
    try {
      this.sink.responseBodyHidden();
    } catch (error) {
      captureDiag('recorder responseBodyHidden() threw', error);
    }
  }

  end(): void {
    if (this.done) return;
    this.finished();
    try {
      this.sink.end();
    } catch (error) {
      captureDiag('recorder end() threw', error);
    }
  }

  fail(reason: FailReason, error?: unknown): void {
    if (this.done) return;
    this.finished();
    try {
      this.sink.fail(reason, error);
    } catch (caught) {
      captureDiag('recorder fail() threw', caught);
    }
  }
}

/** Asks the recorder about a request; a throwing recorder means "not LLM". */
export function beginExchange(
  recorder: ExchangeRecorder,
  request: OutgoingRequest,
): GuardedSink | undefined {
  try {
    const sink = recorder.begin(request);
    return sink === undefined ? undefined : new GuardedSink(sink);
  } catch (error) {
    captureDiag('recorder begin() threw', error);
    return undefined;
  }
}
