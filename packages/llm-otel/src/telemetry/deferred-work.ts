// Recorder work that need not run in the app's path: parsing response bytes,
// ending spans, recording metrics. Timestamps are taken where things happen;
// the work runs in one setImmediate, after the app's continuation (promise
// jobs) of the read that delivered the bytes. A pending immediate keeps the
// loop alive, so 'beforeExit' fires only after the work ran; flushes that
// must not miss it (forceFlush, shutdown) call drainDeferredWork() first.
//
// Bounded: at most MAX_DEFERRED attempts wait; past that the work runs at
// once, in the path, as it did before deferral.

import { diagOnce } from './diag-once.js';

export interface DeferredWork {
  /** Runs everything the attempt has pending. Never throws. */
  runDeferred(): void;
}

/** Attempts with work pending at once, at most. */
export const MAX_DEFERRED = 4096;

let queue: DeferredWork[] = [];
let scheduled = false;

function runAll(): void {
  scheduled = false;
  drainDeferredWork();
}

/**
 * Runs `work.runDeferred()` soon, off the app's path. The caller makes sure
 * one attempt is queued once until it ran.
 */
export function defer(work: DeferredWork): void {
  if (queue.length >= MAX_DEFERRED) {
    work.runDeferred();
    return;
  }
  queue.push(work);
  if (scheduled) return;
  scheduled = true;
  try {
    setImmediate(runAll);
  } catch (error) {
    // No event loop to defer to (it should not happen): run now.
    scheduled = false;
    diagOnce('defer', 'warn', 'could not defer recorder work', error);
    drainDeferredWork();
  }
}

/** Runs every pending piece of work now, in order. */
export function drainDeferredWork(): void {
  while (queue.length > 0) {
    const batch = queue;
    queue = [];
    for (const work of batch) work.runDeferred();
  }
}
