// fetch calls that pass the app's own dispatcher: an Agent of the undici copy
// behind global fetch, not the process-wide one. The dispatcher tap (see
// dispatcher-tap.ts) leaves them alone, so the fetch layer observes their
// responses itself, as it does for any app that passes a dispatcher.

type Fetch = typeof globalThis.fetch;

interface Closable {
  close(): Promise<void>;
}

export interface OwnDispatcherFetch {
  /** globalThis.fetch at call time (capture's wrapper when on), with our dispatcher. */
  readonly fetch: Fetch;
  close(): Promise<void>;
}

// The bundled undici loads, and sets its global dispatcher, on the first call.
await globalThis.fetch('data:,');

export function ownDispatcherFetch(): OwnDispatcherFetch {
  const global = (globalThis as Record<symbol, unknown>)[
    Symbol.for('undici.globalDispatcher.1')
  ] as object;
  const Agent = global.constructor as new () => Closable;
  const dispatcher = new Agent();
  return {
    fetch: (input, init) =>
      globalThis.fetch(input, { ...init, dispatcher } as RequestInit),
    close: () => dispatcher.close(),
  };
}
