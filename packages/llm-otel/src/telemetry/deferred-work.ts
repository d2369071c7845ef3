// Recorder work that need not run in the app's path: parsing response bytes,
// ending spans, recording metrics. Timestamps are taken where things happen;
// the work runs in one setImmediate, after the app's continuation (promise
// jobs) of the read that delivered the bytes. A pending immediate keeps the
// loop alive, so 'beforeExit' fires only after the work ran; flushes that
// must not miss it (forceFlush, shutdown) call drainDeferredWork() first.
//
// Bounded: at most MAX_DEFERRED attempts wait, holding at most
// MAX_DEFERRED_BYTES of unparsed response bytes together; past either, the
// work runs at once, in the path, as it did before deferral. The byte bound
// matters when many streams outrun the process: thousands of reads can
// arrive before the immediate runs (25,000 in the bench's 200 CPU-bound
// streams), and the per-attempt bound alone let 4,096 attempts hold 1 GiB.

import { diagOnce } from './diag-once.js';
import {
  globalState,
  type DeferredWorkItem,
  type LlmOtelGlobal,
} from './global-state.js';

export type DeferredWork = DeferredWorkItem;

/** Attempts with work pending at once, at most. */
export const MAX_DEFERRED = 4096;
/** Unparsed response bytes held by all pending attempts together, at most. */
export const MAX_DEFERRED_BYTES = 1024 * 1024;

function pending(): NonNullable<LlmOtelGlobal['deferred']> {
  const state = globalState();
  return (state.deferred ??= { queue: [], scheduled: false, bytes: 0 });
}

/**
 * Counts `n` more response bytes held for a deferred run. True when all
 * attempts together now hold more than MAX_DEFERRED_BYTES: the caller then
 * runs its work at once, and releases what it held.
 */
export function holdDeferredBytes(n: number): boolean {
  const state = pending();
  // A copy of an older version may have created the state without bytes.
  state.bytes = (state.bytes ?? 0) + n;
  return state.bytes > MAX_DEFERRED_BYTES;
}

/** The caller parsed or dropped `n` bytes it held. */
export function releaseDeferredBytes(n: number): void {
  const state = pending();
  state.bytes = Math.max(0, (state.bytes ?? 0) - n);
}

function runAll(): void {
  pending().scheduled = false;
  drainDeferredWork();
}

/**
 * Runs `work.runDeferred()` soon, off the app's path. The caller makes sure
 * one attempt is queued once until it ran.
 */
export function defer(work: DeferredWork): void {
  const state = pending();
  if (state.queue.length >= MAX_DEFERRED) {
    work.runDeferred();
    return;
  }
  state.queue.push(work);
  if (state.scheduled) return;
  state.scheduled = true;
  try {
    setImmediate(runAll);
  } catch (error) {
    // No event loop to defer to (it should not happen): run now.
    state.scheduled = false;
    diagOnce('defer', 'warn', 'could not defer recorder work', error);
    drainDeferredWork();
  }
}

/** Runs every pending piece of work now, in order. */
export function drainDeferredWork(): void {
  const state = pending();
  while (state.queue.length > 0) {
    const batch = state.queue;
    state.queue = [];
    for (const work of batch) work.runDeferred();
  }
}
