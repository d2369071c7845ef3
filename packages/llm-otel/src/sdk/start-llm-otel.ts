// Starts telemetry for the process: the OTel Node SDK with OTLP/HTTP trace
// and metric exporters (all configured by the standard OTEL_* variables), our
// sampler wrapper, capture, and flush at exit. When an SDK is already
// registered, joins it instead (existing-SDK mode). Idempotent per process,
// across the ESM and CJS copies.

import { diag, metrics, trace } from '@opentelemetry/api';
import { logs } from '@opentelemetry/api-logs';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { resolveConfig } from '../config/resolve-config.js';
import { globalState } from '../telemetry/global-state.js';
import { drainDeferredWork } from '../telemetry/deferred-work.js';
import { abandonOpenAttempts } from '../telemetry/open-attempts.js';
import { createLlmSampler } from '../telemetry/llm-sampler.js';
import type { LlmOtelHandle, StartOptions } from '../types.js';
import { samplerFromEnv } from './env-sampler.js';
import { hasRegisteredSdk } from './existing-sdk.js';
import { flushAtExit } from './exit-flush.js';
import { flushOnExit } from './flush-on-exit.js';
import { otlpEndpointsRefused } from './otlp-endpoints-refused.js';
import { providerDelegate } from './provider-delegate.js';
import { settleResourceSoon } from './settled-resource.js';
import { installRecorder } from './instrument-llm-calls.js';
import { reportProblems } from './report-problems.js';
import { collectSdkSettingWarnings } from './sdk-setting-warnings.js';
import { otelEnvProblems } from './otel-env-problems.js';
import { envValue } from './otlp-export-target.js';

interface Flushable {
  forceFlush?: () => Promise<void>;
}

/** forceFlush of the global providers, whichever SDK registered them. */
async function flushGlobals(): Promise<void> {
  // Spans and metrics of calls that just ended may still wait for their
  // setImmediate: finish them first so this flush carries them.
  drainDeferredWork();
  const providers: unknown[] = [
    metrics.getMeterProvider(),
    providerDelegate(trace.getTracerProvider()),
    providerDelegate(logs.getLoggerProvider()),
  ];
  await Promise.all(
    providers.map(p => (p as Flushable).forceFlush?.().catch(() => undefined)),
  );
}

const DISABLED: LlmOtelHandle = {
  mode: 'disabled',
  forceFlush: () => Promise.resolve(),
  shutdown: () => Promise.resolve(),
};

let current: LlmOtelHandle | undefined;

function sdkDisabled(): boolean {
  return process.env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true';
}

/**
 * Starts LLM call telemetry (what `@x/llm-otel/register` does). Never
 * throws; problems are logged through the OTel diag logger.
 */
export function startLlmOtel(options: StartOptions = {}): LlmOtelHandle {
  const state = globalState();
  if (current !== undefined) return current;
  if (state.started) {
    // The other copy (ESM/CJS) started already: nothing to do twice.
    return { ...DISABLED, mode: 'existing', forceFlush: flushGlobals };
  }
  try {
    if (sdkDisabled()) return DISABLED;
    state.started = true;
    const { config, problems } = resolveConfig(options);

    if (hasRegisteredSdk()) {
      reportProblems(problems);
      const instrumented = installRecorder({}, config);
      current = {
        mode: 'existing',
        forceFlush: flushGlobals,
        shutdown: () => {
          instrumented.stop();
          return Promise.resolve();
        },
      };
      return current;
    }

    // The SDK reads OTEL_SERVICE_NAME in its env resource detector only, so
    // OTEL_NODE_RESOURCE_DETECTORS without `env` would lose it.
    const serviceName =
      options.serviceName ?? envValue(process.env, 'OTEL_SERVICE_NAME');
    const sampler = samplerFromEnv();
    // The settings the SDK reads and cannot use: see sdk-setting-warnings.ts.
    const sdkWarnings = collectSdkSettingWarnings(process.env);
    let sdk: NodeSDK;
    try {
      // NodeSDK's constructor installs the diag logger (OTEL_LOG_LEVEL): log
      // our problems after it, or nobody sees them.
      sdk = new NodeSDK({
        sampler: createLlmSampler(sampler.sampler),
        // No auto-instrumentations: capture is ours, at the HTTP layer.
        instrumentations: [],
        ...(serviceName === undefined ? {} : { serviceName }),
      });
      sdk.start();
    } finally {
      reportProblems([
        ...problems,
        ...sampler.problems,
        ...otelEnvProblems(process.env),
        ...sdkWarnings.stop(),
      ]);
    }
    settleResourceSoon(trace.getTracerProvider());
    const instrumented = installRecorder({}, config);
    let shutdownOnce: Promise<void> | undefined;
    const shutdown = (): Promise<void> => {
      shutdownOnce ??= (async () => {
        instrumented.stop();
        removeExitHooks();
        await sdk.shutdown().catch(() => undefined);
      })();
      return shutdownOnce;
    };
    const removeExitHooks = flushOnExit(
      {
        flush: flushGlobals,
        shutdown,
        activity: () => state.activity,
        unreachable: () => otlpEndpointsRefused(process.env),
        abandonOpen: abandonOpenAttempts,
        finishPending: drainDeferredWork,
        flushSync: () => {
          flushAtExit(
            {
              tracerProvider: trace.getTracerProvider(),
              meterProvider: metrics.getMeterProvider(),
              env: process.env,
            },
            config.flushTimeoutMillis,
          );
        },
      },
      config.flushTimeoutMillis,
    );
    current = { mode: 'sdk', forceFlush: flushGlobals, shutdown };
    return current;
  } catch (error) {
    diag.error('@x/llm-otel: could not start', error);
    return DISABLED;
  }
}
