// Telemetry problems are logged once per kind through the OTel diag logger,
// never thrown: a broken exporter or parser must not flood the app's logs.

import { diag } from '@opentelemetry/api';
import { globalState } from './global-state.js';

export function diagOnce(
  key: string,
  level: 'warn' | 'error',
  message: string,
  error?: unknown,
): void {
  try {
    const logged = globalState().logged;
    if (logged.has(key)) return;
    logged.add(key);
    const detail = error instanceof Error ? `: ${error.message}` : '';
    diag[level](`@x/llm-otel: ${message}${detail}`);
  } catch {
    // The logger itself failed: nothing more we can do safely.
  }
}
