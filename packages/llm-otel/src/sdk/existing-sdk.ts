// Has the app (or another preload) already registered an OTel SDK? API 1.x
// keeps registered globals on one symbol; a `trace` or `metrics` key there
// means a real provider was set, not the no-op proxy.

const API_GLOBALS = Symbol.for('opentelemetry.js.api.1');

export function hasRegisteredSdk(): boolean {
  const registry = (globalThis as Record<symbol, unknown>)[API_GLOBALS] as
    Record<string, unknown> | undefined;
  return registry?.trace !== undefined || registry?.metrics !== undefined;
}
