// Turns an SDK error into the demo's result classes (the same classes
// llm-otel's outcome attribute uses, seen from the app's side).
import type { CallResult } from './tally.js';

export function classifyError(err: unknown): CallResult {
  const e = err as {
    name?: string;
    status?: number;
    constructor?: { name?: string };
  };
  const name = `${e.constructor?.name ?? ''} ${e.name ?? ''}`;
  if (/Timeout/i.test(name)) return 'timeout';
  if (/Abort/i.test(name)) return 'canceled';
  if (typeof e.status === 'number' && e.status >= 500) return 'server_error';
  return 'error';
}
