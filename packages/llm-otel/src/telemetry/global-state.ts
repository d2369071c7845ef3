// Process-wide state shared by every copy of this package. The ESM and CJS
// builds can both load in one process (an ESM app preloaded with --require,
// a bundled dependency, ...): keeping state on one globalThis symbol means
// `withFeature` from one copy is seen by the recorder of the other, and
// capture is installed once.

import { createContextKey } from '@opentelemetry/api';
import type { ExchangeRecorder } from '../capture/exchange.js';

type ContextKey = ReturnType<typeof createContextKey>;

export interface LlmOtelGlobal {
  /** Bumped when the shape changes, so an older copy can tell. */
  readonly version: 1;
  /** Context key of the feature set by `withFeature`. */
  readonly featureKey: ContextKey;
  /** The active recorder; capture calls through it. */
  recorder: ExchangeRecorder | undefined;
  /** Undoes capture installation; set once capture is installed. */
  disableCapture: (() => void) | undefined;
  /** Set once register or startLlmOtel started telemetry in this process. */
  started: boolean;
  /** Counts finished attempts, so exit hooks know whether to flush again. */
  activity: number;
  /** Diag messages already logged once (by key). */
  readonly logged: Set<string>;
  /**
   * Recorder work waiting for its setImmediate (see deferred-work.ts). Here,
   * not in the module, so a flush from either copy drains what the recorder
   * of the other copy deferred. Optional: added by the first copy to defer.
   */
  deferred?: {
    queue: DeferredWorkItem[];
    scheduled: boolean;
    /** Unparsed response bytes the queued attempts hold. */
    bytes?: number;
  };
  /** Attempts not yet ended (see open-attempts.ts). Optional, as above. */
  openAttempts?: Set<AbandonableAttempt>;
}

/** An attempt that exit hooks can end. */
export interface AbandonableAttempt {
  /** Ends the attempt as cancelled now, if it has not ended. Never throws. */
  abandon(): void;
}

/** One attempt's pending recorder work. */
export interface DeferredWorkItem {
  /** Runs everything the attempt has pending. Never throws. */
  runDeferred(): void;
}

const KEY = Symbol.for('@x/llm-otel');

/** The one state object for this process, created by the first copy. */
export function globalState(): LlmOtelGlobal {
  const holder = globalThis as Record<symbol, unknown>;
  const existing = holder[KEY] as LlmOtelGlobal | undefined;
  if (existing !== undefined && existing.version === 1) return existing;
  const created: LlmOtelGlobal = {
    version: 1,
    featureKey: createContextKey('@x/llm-otel feature'),
    recorder: undefined,
    disableCapture: undefined,
    started: false,
    activity: 0,
    logged: new Set(),
  };
  holder[KEY] = created;
  return created;
}
