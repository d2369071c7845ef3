// At exit, a flush to a collector that refuses connections cannot succeed:
// the OTLP exporter would retry after a backoff longer than our flush bound,
// so waiting for the bound only delays the app's exit. This tells that case
// apart (every endpoint refuses the TCP connection) from a slow or hanging
// collector, which still gets the whole bound.

import { connect } from 'node:net';
import {
  OTLP_SIGNALS,
  envValue,
  otlpSetting,
  otlpSignalUrl,
} from './otlp-export-target.js';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The OTLP/HTTP endpoints the SDK exports to, as host and port, or undefined
 * when some signal goes elsewhere (console, gRPC, a bad URL): only an
 * all-OTLP/HTTP setup is judged.
 */
export function otlpHttpEndpoints(
  env: Env,
): { host: string; port: number }[] | undefined {
  const seen = new Map<string, { host: string; port: number }>();
  for (const signal of OTLP_SIGNALS) {
    const exporter = envValue(env, `OTEL_${signal}_EXPORTER`) ?? 'otlp';
    if (exporter === 'none') continue;
    if (exporter !== 'otlp') return undefined;
    // Any protocol but grpc goes over HTTP (see otlpExportTarget).
    if (otlpSetting(env, signal, 'PROTOCOL') === 'grpc') return undefined;
    let url: URL;
    try {
      url = new URL(otlpSignalUrl(env, signal));
    } catch {
      return undefined;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    const port =
      url.port === ''
        ? url.protocol === 'https:'
          ? 443
          : 80
        : Number(url.port);
    const host = url.hostname.replace(/^\[|\]$/g, '');
    seen.set(`${host}:${port}`, { host, port });
  }
  return [...seen.values()];
}

function refused(error: unknown): boolean {
  const e = error as { code?: unknown; errors?: unknown };
  if (e.code === 'ECONNREFUSED') return true;
  // Node's happy-eyeballs connect reports every address it tried.
  return (
    Array.isArray(e.errors) && e.errors.length > 0 && e.errors.every(refused)
  );
}

function connectionRefused(
  host: string,
  port: number,
  timeoutMillis: number,
): Promise<boolean> {
  return new Promise(resolve => {
    const socket = connect({ host, port });
    const done = (answer: boolean): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    const timer = setTimeout(() => done(false), timeoutMillis);
    timer.unref();
    socket.unref();
    socket.once('connect', () => done(false));
    socket.once('error', error => done(refused(error)));
  });
}

/** True only when every OTLP/HTTP endpoint in `env` refuses connections. */
export async function otlpEndpointsRefused(
  env: Env,
  timeoutMillis = 200,
): Promise<boolean> {
  try {
    const endpoints = otlpHttpEndpoints(env);
    if (endpoints === undefined || endpoints.length === 0) return false;
    const answers = await Promise.all(
      endpoints.map(e => connectionRefused(e.host, e.port, timeoutMillis)),
    );
    return answers.every(Boolean);
  } catch {
    return false;
  }
}
