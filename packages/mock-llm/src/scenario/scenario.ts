// Scenarios: timing, size, usage extras and faults, chosen per server, per
// model name and per request header, merged key by key in that order.

export type FaultName =
  | '429'
  | '500'
  | '503'
  | 'overloaded'
  | 'hang'
  | 'malformed'
  | 'truncated'
  | 'cut'
  | 'stream_error';

export interface ScenarioConfig {
  /** Delay before the response starts, ms. */
  latency?: number;
  /** Extra delay before the first content chunk (the whole body when not streaming), ms. */
  ttft?: number;
  /** Delay between stream chunks after the first content chunk, ms. */
  chunkDelay?: number;
  /** Number of content chunks in a stream (capped at the output token count). */
  chunks?: number;
  /** Output tokens (= generated words). */
  tokens?: number;
  /** Output size in bytes: sets tokens = ceil(size / 5). */
  size?: number;
  cacheRead?: number;
  cacheWrite?: number;
  reasoning?: number;
  /** Overrides the server seed for this request. */
  seed?: number;
  /** false: answer with text even when the request offers tools. */
  tools?: boolean;
  fault?: FaultName;
  /** How many attempts of the same request fail; unset = all of them. */
  times?: number;
  /** retry-after for 429 (and 503/overloaded), seconds; may be fractional. */
  retryAfter?: number;
  /** For fault=cut: chunks written before the connection drops. */
  cutAfter?: number;
}

const NUMBER_KEYS: Record<string, keyof ScenarioConfig> = {
  latency: 'latency',
  ttft: 'ttft',
  chunk_delay: 'chunkDelay',
  delay: 'chunkDelay',
  chunks: 'chunks',
  tokens: 'tokens',
  size: 'size',
  cache_read: 'cacheRead',
  cache_write: 'cacheWrite',
  reasoning: 'reasoning',
  seed: 'seed',
  times: 'times',
  retry_after: 'retryAfter',
  cut_after: 'cutAfter',
};

const FAULTS = new Set<string>([
  '429',
  '500',
  '503',
  'overloaded',
  'hang',
  'malformed',
  'truncated',
  'cut',
  'stream_error',
]);

/** Text for --help: every key and fault. */
export const SCENARIO_HELP = `Scenario syntax: comma-separated key=value pairs, e.g.
  "latency=50,ttft=200,chunk_delay=20,chunks=10,fault=429-once"
Choose it per request with the header  x-mock-scenario: <scenario>
or in the model name after a tilde:    gpt-4o~fault=500,tokens=3
or for the whole server with --scenario / the scenario option.
Header beats model name beats server config, key by key.

Timing and size
  latency=MS       delay before the response starts
  ttft=MS          delay before the first content chunk (non-stream: added to latency)
  chunk_delay=MS   delay between later stream chunks (alias: delay)
  chunks=N         content chunks per stream (default: one per output token)
  tokens=N         output tokens = generated words (default 8 + seed mod 8)
  size=BYTES       output of about BYTES bytes (tokens = ceil(BYTES / 5))
  slow             same as chunk_delay=200 unless chunk_delay is set
Usage extras
  cache_read=N  cache_write=N  reasoning=N   (default 0)
  seed=N           per-request seed
  tools=off        answer with text even when tools are offered
Faults (fault=NAME, or NAME alone; add -once to fail only the first attempt)
  429              rate limited, with retry-after (retry_after=SECONDS, default 1)
  500  503         server error / unavailable
  overloaded       the provider's overloaded error (Anthropic 529 overloaded_error)
  hang             never answer; the client must time out
  malformed        answer 200 with a JSON body / stream event that does not parse
  truncated        declare the full content-length, send half, drop the connection
  cut              stream: send half the chunks (cut_after=N), drop the connection
  stream_error     stream: send half the chunks (cut_after=N), then the provider's
                   in-stream error event (non-stream: like 500)
  times=N          fail the first N attempts of the same request, then succeed`;

export class ScenarioError extends Error {}

function toNumber(key: string, value: string): number {
  const n = Number(value);
  if (value === '' || !Number.isFinite(n) || n < 0) {
    throw new ScenarioError(
      `scenario: ${key} needs a number >= 0, got "${value}"`,
    );
  }
  return n;
}

/** Parses "k=v,k=v" (also ';' or '&' separated). Throws ScenarioError on unknown keys. */
export function parseScenario(spec: string): ScenarioConfig {
  const out: ScenarioConfig = {};
  let slow = false;
  for (const raw of spec.split(/[,;&]/)) {
    const item = raw.trim();
    if (item === '') continue;
    const eq = item.indexOf('=');
    const key = (eq < 0 ? item : item.slice(0, eq)).trim().toLowerCase();
    const value = eq < 0 ? '' : item.slice(eq + 1).trim();
    const numberKey = NUMBER_KEYS[key];
    if (numberKey !== undefined) {
      (out as Record<string, number>)[numberKey] = toNumber(key, value);
      continue;
    }
    if (key === 'slow') {
      slow = true;
      continue;
    }
    if (key === 'tools') {
      out.tools = !['off', 'false', '0', 'no'].includes(value.toLowerCase());
      continue;
    }
    const fault = key === 'fault' ? value.toLowerCase() : key;
    const once = fault.endsWith('-once');
    const name = once ? fault.slice(0, -5) : fault;
    if (FAULTS.has(name)) {
      out.fault = name as FaultName;
      if (once) out.times = 1;
      continue;
    }
    if (key === 'fault' && (name === 'none' || name === '')) {
      out.fault = undefined;
      continue;
    }
    throw new ScenarioError(`scenario: unknown key or fault "${item}"`);
  }
  if (slow && out.chunkDelay === undefined) out.chunkDelay = 200;
  return out;
}

/** Merges scenarios left to right; later keys win, undefined never overrides. */
export function mergeScenarios(
  ...parts: ReadonlyArray<ScenarioConfig | undefined>
): ScenarioConfig {
  const out: Record<string, unknown> = {};
  for (const part of parts) {
    if (part === undefined) continue;
    for (const [k, v] of Object.entries(part)) if (v !== undefined) out[k] = v;
  }
  return out as ScenarioConfig;
}

/** Splits "model~scenario" into the scenario part, if any. */
export function scenarioFromModel(
  model: string | undefined,
): string | undefined {
  if (model === undefined) return undefined;
  const i = model.indexOf('~');
  return i < 0 ? undefined : model.slice(i + 1);
}
