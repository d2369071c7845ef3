// Installs the capture layer once per process, whichever copy of this package
// (ESM or CJS) asks first. Capture calls one forwarding recorder that reads
// the current recorder from the process-wide state, so a later
// `instrumentLlmCalls` can swap it without installing capture twice.

import type { ExchangeRecorder } from '../capture/exchange.js';
import { enableCapture } from '../capture/install-capture.js';
import { diagOnce } from '../telemetry/diag-once.js';
import { globalState } from '../telemetry/global-state.js';

const forwarding: ExchangeRecorder = {
  begin(request) {
    return globalState().recorder?.begin(request);
  },
  mayRecord(method, url) {
    const recorder = globalState().recorder;
    // A recorder without mayRecord (another copy's, older) decides in begin().
    return (
      recorder !== undefined && (recorder.mayRecord?.(method, url) ?? true)
    );
  },
};

export function useRecorder(recorder: ExchangeRecorder): void {
  const state = globalState();
  state.recorder = recorder;
  if (state.disableCapture !== undefined) return;
  try {
    state.disableCapture = enableCapture(forwarding);
  } catch (error) {
    diagOnce('capture', 'error', 'could not install HTTP capture', error);
  }
}

/** Stops recording and removes capture. */
export function stopRecording(): void {
  const state = globalState();
  state.recorder = undefined;
  const disable = state.disableCapture;
  state.disableCapture = undefined;
  try {
    disable?.();
  } catch (error) {
    diagOnce('capture-off', 'error', 'could not remove HTTP capture', error);
  }
}
