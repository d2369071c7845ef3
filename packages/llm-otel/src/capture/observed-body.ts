// The app's view of a fetch body, observed as it passes: a byte stream that
// hands over each chunk the read-ahead (read-ahead.ts) got from the original.
// Nothing is queued for the app (highWaterMark 0 pulls only when the app
// reads).
//
// If the app never reads the body: the original stream stays locked by us, so
// undici's own GC hook (which cancels unlocked unread bodies) cannot fire.
// Ours fires when our body stream is collected (not the Response: an app may
// keep only response.body and read it later): nobody can read any more, so it
// cancels the original body, freeing the connection, and reports 'abort'.
// Without a GC the sink is simply never ended (the exit hooks end it).

import type { GuardedSink } from './guarded-sink.js';
import { ReadAhead } from './read-ahead.js';

export interface Pending {
  readonly sink: GuardedSink;
  readonly reader: ReadableStreamDefaultReader<Uint8Array>;
}

const unreachable = new FinalizationRegistry<Pending>(pending => {
  if (pending.sink.done) return;
  pending.sink.fail('abort');
  pending.reader.cancel().catch(() => undefined);
});

/** Ends the exchange as 'abort' once nobody can read `stream` any more. */
export function watchUnreachable(
  stream: ReadableStream<Uint8Array>,
  pending: Pending,
): void {
  unreachable.register(stream, pending);
}

export function observedBody(
  body: ReadableStream<Uint8Array>,
  sink: GuardedSink,
  signal: AbortSignal | undefined,
): { stream: ReadableStream<Uint8Array>; pending: Pending } {
  const pending: Pending = { sink, reader: body.getReader() };
  const ahead = new ReadAhead(pending.reader, sink, signal);
  // One waiter per stream (the controller is the same for every pull); the
  // read-ahead holds it only while the app waits, so a body the app dropped
  // can still be collected.
  let controller: ReadableByteStreamController | undefined;
  let resolvePull: (() => void) | undefined;
  let rejectPull: ((error: unknown) => void) | undefined;
  let thrown: { error: unknown } | undefined;
  const waiter = {
    deliver(chunk: Uint8Array<ArrayBuffer> | null): void {
      const c = controller!;
      if (chunk === null) {
        c.close();
        // A pending BYOB read completes (done) only once its view is returned.
        c.byobRequest?.respond(0);
      } else {
        c.enqueue(chunk);
      }
      const resolve = resolvePull;
      resolvePull = rejectPull = undefined;
      resolve?.();
    },
    fail(error: unknown): void {
      const reject = rejectPull;
      resolvePull = rejectPull = undefined;
      // The app's read rejects with the same error.
      if (reject === undefined) thrown = { error };
      else reject(error);
    },
  };
  const stream = new ReadableStream<Uint8Array>(
    {
      type: 'bytes',
      pull(c) {
        controller = c as ReadableByteStreamController;
        if (ahead.next(waiter)) {
          const failure = thrown;
          thrown = undefined;
          return failure === undefined
            ? undefined
            : Promise.reject(failure.error as Error);
        }
        return new Promise<void>((resolve, reject) => {
          resolvePull = resolve;
          rejectPull = reject;
        });
      },
      cancel(reason) {
        sink.fail('abort', reason);
        ahead.stop();
        return pending.reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, pending };
}
