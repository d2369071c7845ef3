// What the SDK says of a bad setting, made into one message that names the
// variable. The SDK warns once per signal for one OTEL_EXPORTER_OTLP_PROTOCOL
// (three lines), names no variable for an endpoint it cannot parse (and
// repeats the value, which may carry credentials), adds a second line to an
// unknown trace exporter, and warns that `OTEL_TRACES_EXPORTER=none` stops
// the SDK, though only tracing is off. Messages it does not recognise pass
// through as the SDK said them.

import { OTLP_SIGNALS, envValue } from './otlp-export-target.js';

type Env = Readonly<Record<string, string | undefined>>;

const PROTOCOL =
  /^Unsupported OTLP (traces|metrics|logs) protocol: "?(.*?)"?\. Using http\/protobuf\.$/;
const ENDPOINT =
  /^Configuration: Could not parse environment-provided export URL: '(.*)', falling back to undefined$/;
const TRACES_NONE =
  'OTEL_TRACES_EXPORTER contains "none". SDK will not be initialized.';
const NO_TRACE_EXPORTER =
  'Unable to set up trace exporter(s) due to invalid exporter and/or protocol values.';
const UNKNOWN_TRACE_EXPORTER = /^Unrecognized OTEL_TRACES_EXPORTER value: /;

/** The variable that set a signal's protocol: its own, else the general one. */
function protocolVariable(env: Env, signal: string): string {
  const own = `OTEL_EXPORTER_OTLP_${signal.toUpperCase()}_PROTOCOL`;
  return envValue(env, own) !== undefined ? own : 'OTEL_EXPORTER_OTLP_PROTOCOL';
}

/** The endpoint variables whose value is `url`. */
function endpointVariables(env: Env, url: string): string[] {
  return [
    ...OTLP_SIGNALS.map(s => `OTEL_EXPORTER_OTLP_${s}_ENDPOINT`),
    'OTEL_EXPORTER_OTLP_ENDPOINT',
  ].filter(name => env[name] === url || envValue(env, name) === url.trim());
}

function endpointMessage(name: string): string {
  return name === 'OTEL_EXPORTER_OTLP_ENDPOINT'
    ? `${name} is not a URL; the SDK exports to http://localhost:4318 instead.`
    : `${name} is not a URL; the SDK passes over it for OTEL_EXPORTER_OTLP_ENDPOINT (else http://localhost:4318).`;
}

/** The SDK's messages (once each), as reported: ours where we know them better. */
export function sdkSettingMessages(
  env: Env,
  said: readonly string[],
): string[] {
  const out = new Set<string>();
  const unknownExporter = said.some(m => UNKNOWN_TRACE_EXPORTER.test(m));
  for (const message of said) {
    if (message === TRACES_NONE) continue;
    if (message === NO_TRACE_EXPORTER && unknownExporter) continue;
    const protocol = PROTOCOL.exec(message);
    if (protocol !== null) {
      out.add(
        `${protocolVariable(env, protocol[1]!)}="${protocol[2]!}" is not http/protobuf, http/json or grpc; the SDK uses http/protobuf.`,
      );
      continue;
    }
    const endpoint = ENDPOINT.exec(message);
    const names = endpoint === null ? [] : endpointVariables(env, endpoint[1]!);
    if (names.length > 0) {
      for (const name of names) out.add(endpointMessage(name));
      continue;
    }
    out.add(`the OpenTelemetry SDK says: ${message}`);
  }
  return [...out];
}
