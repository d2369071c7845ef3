// Capture problems are logged once per kind through the OTel diag logger and
// never thrown: telemetry must not reach into the app, nor flood its logs.

import { diag } from '@opentelemetry/api';

const logged = new Set<string>();

export function captureDiag(key: string, error?: unknown): void {
  try {
    if (logged.has(key)) return;
    logged.add(key);
    const detail = error instanceof Error ? `: ${error.message}` : '';
    diag.warn(`@x/llm-otel capture: ${key}${detail}`);
  } catch {
    // The logger itself failed: nothing more we can do safely.
  }
}
