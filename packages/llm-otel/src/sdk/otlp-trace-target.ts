// Where and how the SDK's OTLP/HTTP trace exporter sends, read from the
// standard OTEL_EXPORTER_OTLP_* variables as the exporter reads them: for
// the one export we make ourselves, inside process.exit() (see
// exit-span-flush.ts), where the exporter's own asynchronous send cannot run.

import { readFileSync } from 'node:fs';
import { parseKeyPairsIntoRecord } from '@opentelemetry/core';

type Env = Readonly<Record<string, string | undefined>>;

export type OtlpHttpProtocol = 'http/json' | 'http/protobuf';

export interface OtlpTraceTarget {
  readonly url: string;
  readonly protocol: OtlpHttpProtocol;
  /** From OTEL_EXPORTER_OTLP_HEADERS, then the traces-only ones over them. */
  readonly headers: Readonly<Record<string, string>>;
  readonly gzip: boolean;
  /** PEM contents of the certificate variables, where set. */
  readonly tls: { readonly ca?: string; cert?: string; key?: string };
}

function value(env: Env, name: string): string | undefined {
  const raw = env[name]?.trim();
  return raw === undefined || raw === '' ? undefined : raw;
}

/** Signal-specific variable first, then the general one. */
function setting(env: Env, suffix: string): string | undefined {
  return (
    value(env, `OTEL_EXPORTER_OTLP_TRACES_${suffix}`) ??
    value(env, `OTEL_EXPORTER_OTLP_${suffix}`)
  );
}

/**
 * The trace endpoint as the exporter builds it: the traces variable as is,
 * else the base with `v1/traces` appended after a slash.
 */
export function otlpTracesUrl(env: Env): string {
  const own = value(env, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT');
  if (own !== undefined) return own;
  const base = value(env, 'OTEL_EXPORTER_OTLP_ENDPOINT');
  if (base === undefined) return 'http://localhost:4318/v1/traces';
  return `${base.endsWith('/') ? base : `${base}/`}v1/traces`;
}

function pem(env: Env, suffix: string): string | undefined {
  const path = setting(env, suffix);
  if (path === undefined) return undefined;
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * The trace target, or undefined when traces do not go over OTLP/HTTP
 * (another exporter, gRPC, a URL that is not http or https).
 */
export function otlpTraceTarget(env: Env): OtlpTraceTarget | undefined {
  const exporters = (value(env, 'OTEL_TRACES_EXPORTER') ?? 'otlp')
    .split(',')
    .map(e => e.trim());
  if (!exporters.includes('otlp')) return undefined;
  const protocol =
    value(env, 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL') ??
    value(env, 'OTEL_EXPORTER_OTLP_PROTOCOL') ??
    'http/protobuf';
  if (protocol !== 'http/json' && protocol !== 'http/protobuf')
    return undefined;
  let parsed: URL;
  try {
    parsed = new URL(otlpTracesUrl(env));
  } catch {
    return undefined;
  }
  const url = parsed.toString();
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    return undefined;
  const tls: { ca?: string; cert?: string; key?: string } = {};
  if (parsed.protocol === 'https:') {
    const ca = pem(env, 'CERTIFICATE');
    const cert = pem(env, 'CLIENT_CERTIFICATE');
    const key = pem(env, 'CLIENT_KEY');
    if (ca !== undefined) tls.ca = ca;
    if (cert !== undefined) tls.cert = cert;
    if (key !== undefined) tls.key = key;
  }
  return {
    url,
    protocol,
    headers: {
      // The exporter's own parser: `k1=v1,k2=v2`, URL-encoded.
      ...parseKeyPairsIntoRecord(value(env, 'OTEL_EXPORTER_OTLP_HEADERS')),
      ...parseKeyPairsIntoRecord(
        value(env, 'OTEL_EXPORTER_OTLP_TRACES_HEADERS'),
      ),
    },
    gzip: setting(env, 'COMPRESSION') === 'gzip',
    tls,
  };
}
