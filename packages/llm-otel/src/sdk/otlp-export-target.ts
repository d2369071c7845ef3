// Where and how the SDK's OTLP/HTTP trace or metric exporter sends, read
// from the standard OTEL_EXPORTER_OTLP_* variables as the exporter reads
// them: for the one export we make ourselves, inside process.exit() (see
// exit-flush.ts), where the exporter's own asynchronous send cannot run.

import { readFileSync } from 'node:fs';
import { parseKeyPairsIntoRecord } from '@opentelemetry/core';

type Env = Readonly<Record<string, string | undefined>>;

export type OtlpHttpProtocol = 'http/json' | 'http/protobuf';

export type OtlpSignal = 'TRACES' | 'METRICS' | 'LOGS';

/** Every signal, in the SDK's order. */
export const OTLP_SIGNALS: readonly OtlpSignal[] = [
  'TRACES',
  'METRICS',
  'LOGS',
];

const PATHS: Record<OtlpSignal, string> = {
  TRACES: 'v1/traces',
  METRICS: 'v1/metrics',
  LOGS: 'v1/logs',
};

export interface OtlpExportTarget {
  readonly url: string;
  readonly protocol: OtlpHttpProtocol;
  /** From OTEL_EXPORTER_OTLP_HEADERS, then the signal's own over them. */
  readonly headers: Readonly<Record<string, string>>;
  readonly gzip: boolean;
  /** PEM contents of the certificate variables, where set. */
  readonly tls: { readonly ca?: string; cert?: string; key?: string };
}

/** A variable's value, trimmed; undefined when unset or blank. */
export function envValue(env: Env, name: string): string | undefined {
  const raw = env[name]?.trim();
  return raw === undefined || raw === '' ? undefined : raw;
}

/** `OTEL_EXPORTER_OTLP_{signal}_{suffix}` first, then the general one. */
export function otlpSetting(
  env: Env,
  signal: OtlpSignal,
  suffix: string,
): string | undefined {
  return (
    envValue(env, `OTEL_EXPORTER_OTLP_${signal}_${suffix}`) ??
    envValue(env, `OTEL_EXPORTER_OTLP_${suffix}`)
  );
}

function parses(url: string): boolean {
  try {
    new URL(url);
    return true;
  } catch {
    return false;
  }
}

/**
 * The signal's endpoint as the exporter builds it: the signal's variable as
 * is, else the base with `v1/traces`, `v1/metrics` or `v1/logs` appended
 * after a slash, else localhost. Like the exporter, a variable that is not
 * a URL is passed over for the next (it warns about it).
 */
export function otlpSignalUrl(env: Env, signal: OtlpSignal): string {
  const own = envValue(env, `OTEL_EXPORTER_OTLP_${signal}_ENDPOINT`);
  if (own !== undefined && parses(own)) return own;
  const base = envValue(env, 'OTEL_EXPORTER_OTLP_ENDPOINT');
  if (base !== undefined && parses(base)) {
    const url = `${base.endsWith('/') ? base : `${base}/`}${PATHS[signal]}`;
    if (parses(url)) return url;
  }
  return `http://localhost:4318/${PATHS[signal]}`;
}

function pem(env: Env, signal: OtlpSignal, suffix: string): string | undefined {
  const path = otlpSetting(env, signal, suffix);
  if (path === undefined) return undefined;
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * The signal's target, or undefined when it does not go over OTLP/HTTP
 * (another exporter, gRPC, a URL that is not http or https).
 */
export function otlpExportTarget(
  env: Env,
  signal: OtlpSignal,
): OtlpExportTarget | undefined {
  const exporters = (envValue(env, `OTEL_${signal}_EXPORTER`) ?? 'otlp')
    .split(',')
    .map(e => e.trim());
  if (!exporters.includes('otlp')) return undefined;
  const setting = otlpSetting(env, signal, 'PROTOCOL');
  if (setting === 'grpc') return undefined;
  // The SDK takes any other value for http/protobuf (it warns about it).
  const protocol: OtlpHttpProtocol =
    setting === 'http/json' ? 'http/json' : 'http/protobuf';
  let parsed: URL;
  try {
    parsed = new URL(otlpSignalUrl(env, signal));
  } catch {
    return undefined;
  }
  const url = parsed.toString();
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    return undefined;
  const tls: { ca?: string; cert?: string; key?: string } = {};
  if (parsed.protocol === 'https:') {
    const ca = pem(env, signal, 'CERTIFICATE');
    const cert = pem(env, signal, 'CLIENT_CERTIFICATE');
    const key = pem(env, signal, 'CLIENT_KEY');
    if (ca !== undefined) tls.ca = ca;
    if (cert !== undefined) tls.cert = cert;
    if (key !== undefined) tls.key = key;
  }
  return {
    url,
    protocol,
    headers: {
      // The exporter's own parser: `k1=v1,k2=v2`, URL-encoded.
      ...parseKeyPairsIntoRecord(envValue(env, 'OTEL_EXPORTER_OTLP_HEADERS')),
      ...parseKeyPairsIntoRecord(
        envValue(env, `OTEL_EXPORTER_OTLP_${signal}_HEADERS`),
      ),
    },
    gzip: otlpSetting(env, signal, 'COMPRESSION') === 'gzip',
    tls,
  };
}
