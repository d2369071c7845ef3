// Bad settings are reported once each, never thrown. An app that sets up
// its own SDK owns the diag logger: they go there. Under startLlmOtel (what
// register runs) nobody may have installed one (the SDK does only for
// OTEL_LOG_LEVEL), and a warning nobody sees is none: without
// OTEL_LOG_LEVEL each goes to stderr as one line. Written synchronously to
// fd 2 so that a closed stderr is one caught error here, not an 'error'
// event on the app's process.stderr. OTEL_LOG_LEVEL=none silences them.

import { writeSync } from 'node:fs';
import { diag } from '@opentelemetry/api';
import type { Env } from '../config/resolve-config.js';

function line(problem: string): string {
  return `@x/llm-otel: ${problem}`;
}

/** To the diag logger, wherever the app set it up. */
export function logProblems(problems: readonly string[]): void {
  for (const problem of problems) diag.warn(line(problem));
}

/** To the diag logger under OTEL_LOG_LEVEL, else to stderr. */
export function reportProblems(
  problems: readonly string[],
  env: Env = process.env,
): void {
  if ((env['OTEL_LOG_LEVEL']?.trim() ?? '') !== '') {
    logProblems(problems);
    return;
  }
  for (const problem of problems) {
    try {
      writeSync(2, `${line(problem)}\n`);
    } catch {
      // No stderr to write to: nobody can see it anyway.
    }
  }
}
