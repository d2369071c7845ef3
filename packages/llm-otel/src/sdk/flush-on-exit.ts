// Flushes telemetry when the process ends so a short script loses nothing,
// without changing how it ends:
// - beforeExit (the loop ran dry): flush; the exit that follows is the
//   natural one. If the flush hangs (collector down or stuck) past the bound,
//   exit with the code the process was about to exit with.
// - SIGTERM / SIGINT with no handler of the app's: flush (bounded), then
//   re-raise the signal with our handler removed, so the process dies by the
//   signal exactly as it would have. When the app has its own handler it owns
//   the exit, which is flushed as any other.
// - process.exit() from the app, or an uncaught exception: no I/O of ours
//   can complete any more, so the 'exit' listener flushes what it can
//   synchronously (spans and histograms, exit-flush.ts), bounded. Not when
//   the exit is our own, after a flush that ran out of time or found the
//   collector down.
// In these cases nothing more can arrive for a call still open (the
// loop is dry, or the process is about to die): it is ended as cancelled with
// what it has, so it is exported rather than lost. Not when the app handles
// the signal: its calls may still finish.
// A flush still running after PROBE_AFTER_MILLIS asks whether the collector
// refuses connections; if so, nothing can be delivered within the bound, and
// the process ends now instead of waiting for it.

export interface ExitFlushTarget {
  /** Exports what is pending. */
  flush(): Promise<void>;
  /** Exports and stops. */
  shutdown(): Promise<void>;
  /** Changes whenever something was recorded; equal values mean nothing new. */
  activity(): number;
  /** True when every export endpoint refuses connections. */
  unreachable?(): Promise<boolean>;
  /** Ends the calls still open, as cancelled. */
  abandonOpen?(): void;
  /** Runs the recording work still deferred (ends spans, records metrics). */
  finishPending?(): void;
  /** Exports what it can without the event loop, blocking (bounded). */
  flushSync?(): void;
}

const PROBE_AFTER_MILLIS = 50;

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/** Resolves true when the collector refuses connections, after a short wait. */
function refusedLater(target: ExitFlushTarget): Promise<boolean> {
  const probe = target.unreachable;
  if (probe === undefined) return new Promise(() => undefined);
  return new Promise(resolve => {
    const timer = setTimeout(() => {
      probe().then(resolve, () => resolve(false));
    }, PROBE_AFTER_MILLIS);
    timer.unref();
  });
}

function bounded(
  work: Promise<void>,
  millis: number,
  target: ExitFlushTarget,
): Promise<boolean> {
  return new Promise(resolve => {
    const timer = setTimeout(() => resolve(false), millis);
    void refusedLater(target).then(refused => {
      if (!refused) return;
      clearTimeout(timer);
      resolve(false);
    });
    work.then(
      () => {
        clearTimeout(timer);
        resolve(true);
      },
      () => {
        clearTimeout(timer);
        resolve(true);
      },
    );
  });
}

/** Installs the hooks; returns a function that removes them. */
export function flushOnExit(
  target: ExitFlushTarget,
  timeoutMillis: number,
): () => void {
  let flushedAt = Number.NaN;
  let flushing = false;
  /** Set when we end the process ourselves: the collector is down or stuck. */
  let gaveUp = false;
  const giveUp = (code: number | string): void => {
    gaveUp = true;
    process.exit(code);
  };

  const onBeforeExit = (code: number): void => {
    if (!flushing) abandon(target);
    const now = target.activity();
    // After our flush the loop runs dry again: flush only if there is news,
    // or beforeExit would loop forever.
    if (flushing || now === flushedAt) return;
    flushedAt = now;
    flushing = true;
    let done = false;
    // Unref'd: when the flush completes, nothing of ours keeps the loop alive.
    const deadline = setTimeout(() => {
      if (!done) giveUp(process.exitCode ?? code);
    }, timeoutMillis);
    deadline.unref();
    void refusedLater(target).then(refused => {
      if (refused && !done) giveUp(process.exitCode ?? code);
    });
    safe(target.flush).then(
      () => {
        done = true;
        flushing = false;
        clearTimeout(deadline);
      },
      () => undefined,
    );
  };

  const onSignal = (signal: NodeJS.Signals): void => {
    const others = process.listeners(signal).filter(l => l !== onSignal);
    if (others.length > 0) {
      // The app handles this signal and decides when and how to exit; each
      // way is flushed. Not here: a flush would take the pending spans into
      // an export that a process.exit() in the app's handler cuts off.
      return;
    }
    abandon(target);
    void bounded(safe(target.shutdown), timeoutMillis, target).then(() => {
      process.removeListener(signal, onSignal);
      process.kill(process.pid, signal);
    });
  };

  const onExit = (): void => {
    if (gaveUp) return;
    try {
      abandon(target);
      // Calls that ended this turn count as activity once their work ran.
      target.finishPending?.();
      // Not after a normal exit whose flush already carried everything:
      // a second export would only repeat the cumulative metrics.
      if (target.activity() === flushedAt) return;
      target.flushSync?.();
    } catch {
      // Telemetry only: the exit goes on.
    }
  };

  process.on('beforeExit', onBeforeExit);
  process.on('exit', onExit);
  for (const signal of SIGNALS) process.on(signal, onSignal);
  return () => {
    process.removeListener('beforeExit', onBeforeExit);
    process.removeListener('exit', onExit);
    for (const signal of SIGNALS) process.removeListener(signal, onSignal);
  };
}

function abandon(target: ExitFlushTarget): void {
  try {
    target.abandonOpen?.();
  } catch {
    // Telemetry only: the exit goes on.
  }
}

/** Runs a flush that may throw synchronously or reject; never rejects. */
function safe(run: () => Promise<void>): Promise<void> {
  try {
    return run().catch(() => undefined);
  } catch {
    return Promise.resolve();
  }
}
