// The OTel SDK reports the standard settings it cannot use (an unknown OTLP
// protocol or exporter, a number or URL it cannot parse) through the diag
// logger, and then carries on without them. Under register nobody has
// installed one unless OTEL_LOG_LEVEL is set, so the app would run with a
// setting silently replaced. While the SDK reads its settings (its
// construction and start), a logger of ours collects its warnings and
// errors, each once, to be reported beside ours (report-problems.ts). An app
// that installed a diag logger of its own, or set OTEL_LOG_LEVEL, sees them
// there instead, as before.

import { DiagLogLevel, diag } from '@opentelemetry/api';
import type { DiagLogger } from '@opentelemetry/api';
import { envValue } from './otlp-export-target.js';
import { sdkSettingMessages } from './sdk-setting-messages.js';

type Env = Readonly<Record<string, string | undefined>>;

/** Where @opentelemetry/api 1.x registers its globals, the diag logger among them. */
const API_REGISTRY = Symbol.for('opentelemetry.js.api.1');
/** Distinct messages kept, at most: the SDK says a few per bad setting. */
const MAX_MESSAGES = 20;

export interface SettingWarnings {
  /** Stops collecting (the diag logger is uninstalled); the messages, once each. */
  stop(): string[];
}

const NONE: SettingWarnings = { stop: () => [] };

function diagLoggerInstalled(): boolean {
  const registry = (globalThis as Record<symbol, unknown>)[API_REGISTRY] as
    { diag?: unknown } | undefined;
  return registry?.diag !== undefined;
}

/** Collects the SDK's warnings until stop(), unless someone else shows them. */
export function collectSdkSettingWarnings(env: Env): SettingWarnings {
  try {
    if (envValue(env, 'OTEL_LOG_LEVEL') !== undefined || diagLoggerInstalled())
      return NONE;
    const messages = new Set<string>();
    const note = (message: string): void => {
      if (messages.size < MAX_MESSAGES) messages.add(String(message).trim());
    };
    const ignore = (): void => undefined;
    const logger: DiagLogger = {
      error: note,
      warn: note,
      info: ignore,
      debug: ignore,
      verbose: ignore,
    };
    diag.setLogger(logger, {
      logLevel: DiagLogLevel.WARN,
      suppressOverrideMessage: true,
    });
    let stopped = false;
    return {
      stop(): string[] {
        if (stopped) return [];
        stopped = true;
        diag.disable();
        return sdkSettingMessages(env, [...messages]);
      },
    };
  } catch {
    return NONE;
  }
}
