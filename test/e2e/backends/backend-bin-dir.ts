import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where collector/build/build-backends.sh caches the binaries. */
export function backendBinDir(): string {
  return join(
    process.env['LLM_OTEL_CACHE'] ?? join(homedir(), '.cache', 'llm-otel'),
    'bin',
  );
}

/** Path of a cached backend binary, or an error that says how to build it. */
export function backendBin(
  name: 'otelcol-llm' | 'prometheus' | 'promtool' | 'jaeger',
): string {
  const path = join(backendBinDir(), name);
  if (!existsSync(path)) {
    throw new Error(
      `${path} is missing: run bash collector/build/build-backends.sh first`,
    );
  }
  return path;
}
