// Attempts that began and have not ended, so that a process that ends in the
// middle of a call still exports it, as cancelled with what arrived so far,
// instead of losing it: a SIGTERM mid-stream (register then exits), or a body
// nobody will read any more when the event loop runs dry. Kept in the
// process-wide state, so the exit hook of either copy reaches the recorder
// of the other. Bounded: past MAX_TRACKED, further attempts are not tracked.

import { globalState } from './global-state.js';
import type { AbandonableAttempt } from './global-state.js';

export const MAX_TRACKED = 10_000;

function tracked(): Set<AbandonableAttempt> {
  const state = globalState();
  state.openAttempts ??= new Set();
  return state.openAttempts;
}

export function trackOpenAttempt(attempt: AbandonableAttempt): void {
  const open = tracked();
  if (open.size < MAX_TRACKED) open.add(attempt);
}

export function untrackOpenAttempt(attempt: AbandonableAttempt): void {
  globalState().openAttempts?.delete(attempt);
}

/** Ends every open attempt as cancelled now; their work is deferred as usual. */
export function abandonOpenAttempts(): void {
  const open = globalState().openAttempts;
  if (open === undefined || open.size === 0) return;
  const attempts = [...open];
  open.clear();
  for (const attempt of attempts) attempt.abandon();
}
