// Cancels the way an app does: from an immediate callback (as from a user
// action or a client's disconnect), not from the timer that waits. An abort
// made in a timer callback is a time limit, recorded as a timeout (see
// src/capture/fail-reason.ts abortedByTimer).

export function cancelLater(ms: number, cancel: () => void): void {
  setTimeout(() => setImmediate(cancel), ms);
}
