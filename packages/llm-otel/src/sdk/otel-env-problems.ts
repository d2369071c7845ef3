// Standard settings the OTel SDK drops without a word, not even through diag
// (what it does say is collected by sdk-setting-warnings.ts):
// - OTEL_RESOURCE_ATTRIBUTES with one entry that is not key=value: the SDK
//   ignores the whole variable (deployment.environment included);
// - an OTEL_EXPORTER_OTLP_*HEADERS entry that is not key=value: that header
//   is not sent (an API key the collector needs, say);
// - an OTLP endpoint that parses but is not http(s), for the HTTP exporters.
// Values are never repeated: a header entry may be a secret, an endpoint
// may carry credentials; the message names the variable and the entry's
// position.

import { OTLP_SIGNALS, envValue, otlpSetting } from './otlp-export-target.js';
import type { OtlpSignal } from './otlp-export-target.js';

type Env = Readonly<Record<string, string | undefined>>;

/** 1-based positions of the non-empty entries that are not key=value. */
function badEntries(raw: string, isPair: (entry: string) => boolean): number[] {
  const bad: number[] = [];
  raw
    .split(',')
    .map(entry => entry.trim())
    .filter(entry => entry !== '')
    .forEach((entry, i) => {
      if (!isPair(entry)) bad.push(i + 1);
    });
  return bad;
}

function decodes(text: string): boolean {
  try {
    decodeURIComponent(text);
    return true;
  } catch {
    return false;
  }
}

/** As the SDK's resource detector reads an entry: exactly one '='. */
function isResourcePair(entry: string): boolean {
  const parts = entry.split('=');
  return parts.length === 2 && parts[0]!.trim() !== '';
}

/** As the SDK reads a header entry: a key, '=', a value. */
function isHeaderPair(entry: string): boolean {
  const at = entry.indexOf('=');
  return (
    at > 0 &&
    entry.slice(0, at).trim() !== '' &&
    entry.slice(at + 1).trim() !== ''
  );
}

/** A key=value entry whose key or value has a '%' that is no encoded byte. */
function badlyEncoded(entry: string): boolean {
  const at = entry.indexOf('=');
  return (
    at > 0 &&
    !(decodes(entry.slice(0, at).trim()) && decodes(entry.slice(at + 1).trim()))
  );
}

const LOG_LEVELS = ['NONE', 'ERROR', 'WARN', 'INFO', 'DEBUG', 'VERBOSE', 'ALL'];

function entryList(positions: readonly number[]): string {
  return positions.length === 1
    ? `entry ${positions[0]}`
    : `entries ${positions.join(', ')}`;
}

function entries(positions: readonly number[]): string {
  return `${entryList(positions)} ${positions.length === 1 ? 'is' : 'are'}`;
}

function badPercent(positions: readonly number[]): string {
  return `${entryList(positions)} ${positions.length === 1 ? 'has' : 'have'} a '%' that is not a percent-encoded byte`;
}

function protocolOf(env: Env, signal: OtlpSignal): string {
  return otlpSetting(env, signal, 'PROTOCOL') ?? 'http/protobuf';
}

function endpointProblem(name: string, raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined; // The SDK says so itself.
  }
  if (url.protocol === 'http:' || url.protocol === 'https:') return undefined;
  return `${name} has the scheme "${url.protocol}", not http: or https:; the OTLP/HTTP exporter cannot send there.`;
}

/** One message per standard setting the SDK would drop in silence. */
export function otelEnvProblems(env: Env): string[] {
  try {
    return problemsOf(env);
  } catch {
    return [];
  }
}

function problemsOf(env: Env): string[] {
  const problems: string[] = [];
  const logLevel = envValue(env, 'OTEL_LOG_LEVEL');
  if (logLevel !== undefined && !LOG_LEVELS.includes(logLevel.toUpperCase()))
    problems.push(
      `OTEL_LOG_LEVEL="${logLevel}" is not ${LOG_LEVELS.join(', ')}; the SDK logs at INFO.`,
    );
  const resource = envValue(env, 'OTEL_RESOURCE_ATTRIBUTES');
  if (resource !== undefined) {
    const bad = badEntries(resource, isResourcePair);
    const encoding = badEntries(resource, e => !badlyEncoded(e));
    if (bad.length > 0)
      problems.push(
        `OTEL_RESOURCE_ATTRIBUTES: ${entries(bad)} not key=value (',' and '=' in keys and values must be percent-encoded); the SDK ignores the whole variable.`,
      );
    else if (encoding.length > 0)
      problems.push(
        `OTEL_RESOURCE_ATTRIBUTES: ${badPercent(encoding)}; the SDK ignores the whole variable.`,
      );
  }
  for (const name of [
    'OTEL_EXPORTER_OTLP_HEADERS',
    ...OTLP_SIGNALS.map(s => `OTEL_EXPORTER_OTLP_${s}_HEADERS`),
  ]) {
    const raw = envValue(env, name);
    if (raw === undefined) continue;
    const bad = badEntries(raw, isHeaderPair);
    if (bad.length > 0)
      problems.push(`${name}: ${entries(bad)} not key=value; not sent.`);
    const encoding = badEntries(
      raw,
      e => !(isHeaderPair(e) && badlyEncoded(e)),
    );
    if (encoding.length > 0)
      problems.push(`${name}: ${badPercent(encoding)}; not sent.`);
  }
  const generic = envValue(env, 'OTEL_EXPORTER_OTLP_ENDPOINT');
  // The SDK takes any protocol but grpc for http/protobuf.
  const httpSignals = OTLP_SIGNALS.filter(s => protocolOf(env, s) !== 'grpc');
  if (generic !== undefined && httpSignals.length > 0) {
    const problem = endpointProblem('OTEL_EXPORTER_OTLP_ENDPOINT', generic);
    if (problem !== undefined) problems.push(problem);
  }
  for (const signal of httpSignals) {
    const name = `OTEL_EXPORTER_OTLP_${signal}_ENDPOINT`;
    const raw = envValue(env, name);
    const problem = raw === undefined ? undefined : endpointProblem(name, raw);
    if (problem !== undefined) problems.push(problem);
  }
  return problems;
}
