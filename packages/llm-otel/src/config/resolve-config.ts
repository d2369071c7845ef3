// Merges options and environment once, strictly: every bad value yields one
// clear problem message and falls back to its default; nothing throws.

import type { LlmOtelOptions, StartOptions } from '../types.js';
import {
  ENV_CAPTURE_MESSAGE_CONTENT,
  ENV_FLUSH_TIMEOUT_MILLIS,
  ENV_MAX_CONTENT_LENGTH,
  ENV_OPENAI_COMPATIBLE_BASE_URLS,
  ENV_SEMCONV_STABILITY_OPT_IN,
} from './env-names.js';
import { parseContentMode } from './parse-content-mode.js';
import {
  DEFAULT_CONFIG,
  DEFAULT_FLUSH_TIMEOUT_MILLIS,
  DEFAULT_MAX_CONTENT_LENGTH,
} from './resolved-config.js';
import type { ResolvedConfig } from './resolved-config.js';
import { SEMCONV_OPT_IN_LATEST } from '../telemetry/semconv.js';
import type { ContentCaptureMode, SemconvVersion } from '../types.js';

export type Env = Readonly<Record<string, string | undefined>>;

export interface ConfigResult {
  readonly config: ResolvedConfig;
  /** One message per bad value, for diag.warn. */
  readonly problems: readonly string[];
}

function envValue(env: Env, name: string): string | undefined {
  const raw = env[name];
  if (raw === undefined) return undefined;
  const trimmed = raw.trim();
  return trimmed === '' ? undefined : trimmed;
}

function parseBaseUrl(raw: string, where: string, problems: string[]) {
  try {
    const url = new URL(raw.trim());
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      problems.push(`${where}: "${raw}" is not an http(s) URL; ignored.`);
      return undefined;
    }
    // Credentials in a base URL would end up nowhere useful; drop them.
    url.username = '';
    url.password = '';
    url.search = '';
    url.hash = '';
    return url;
  } catch {
    problems.push(`${where}: "${raw}" is not a URL; ignored.`);
    return undefined;
  }
}

function baseUrls(
  options: LlmOtelOptions,
  env: Env,
  problems: string[],
): URL[] {
  const out: URL[] = [];
  const fromEnv = envValue(env, ENV_OPENAI_COMPATIBLE_BASE_URLS);
  const raws: [string, string][] = [];
  if (fromEnv !== undefined) {
    for (const part of fromEnv.split(',')) {
      if (part.trim() !== '')
        raws.push([part, ENV_OPENAI_COMPATIBLE_BASE_URLS]);
    }
  }
  const option = options.openAICompatibleBaseUrls;
  if (option !== undefined) {
    if (!Array.isArray(option)) {
      problems.push('openAICompatibleBaseUrls must be an array of strings.');
    } else {
      for (const item of option as readonly unknown[]) {
        if (typeof item === 'string')
          raws.push([item, 'openAICompatibleBaseUrls']);
        else problems.push('openAICompatibleBaseUrls: non-string ignored.');
      }
    }
  }
  for (const [raw, where] of raws) {
    const url = parseBaseUrl(raw, where, problems);
    if (url !== undefined && !out.some(u => u.href === url.href)) out.push(url);
  }
  return out;
}

function contentMode(
  options: LlmOtelOptions,
  env: Env,
  problems: string[],
): ContentCaptureMode {
  if (options.captureMessageContent !== undefined) {
    const mode = parseContentMode(String(options.captureMessageContent));
    if (mode !== undefined) return mode;
    problems.push(
      `captureMessageContent: "${String(options.captureMessageContent)}" is not NO_CONTENT, SPAN_ONLY, EVENT_ONLY or SPAN_AND_EVENT; content capture is off.`,
    );
    return 'NO_CONTENT';
  }
  const raw = envValue(env, ENV_CAPTURE_MESSAGE_CONTENT);
  if (raw === undefined) return 'NO_CONTENT';
  const mode = parseContentMode(raw);
  if (mode !== undefined) return mode;
  problems.push(
    `${ENV_CAPTURE_MESSAGE_CONTENT}="${raw}" is not NO_CONTENT, SPAN_ONLY, EVENT_ONLY or SPAN_AND_EVENT; content capture is off.`,
  );
  return 'NO_CONTENT';
}

function semconv(
  options: LlmOtelOptions,
  env: Env,
  problems: string[],
): SemconvVersion {
  if (options.semconv !== undefined) {
    if (options.semconv === 'v1.41' || options.semconv === 'latest')
      return options.semconv;
    problems.push(
      `semconv: "${String(options.semconv)}" is not "v1.41" or "latest"; using v1.41.`,
    );
    return 'v1.41';
  }
  const raw = envValue(env, ENV_SEMCONV_STABILITY_OPT_IN);
  if (raw === undefined) return 'v1.41';
  // A list of opt-ins for many domains: others are not ours to judge.
  return raw
    .split(',')
    .map(s => s.trim().toLowerCase())
    .includes(SEMCONV_OPT_IN_LATEST)
    ? 'latest'
    : 'v1.41';
}

function positiveInt(
  option: number | undefined,
  optionName: string,
  env: Env,
  envName: string,
  fallback: number,
  problems: string[],
): number {
  if (option !== undefined) {
    if (Number.isInteger(option) && option > 0) return option;
    problems.push(
      `${optionName}: ${String(option)} is not a positive integer; using ${fallback}.`,
    );
    return fallback;
  }
  const raw = envValue(env, envName);
  if (raw === undefined) return fallback;
  const value = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (Number.isSafeInteger(value) && value > 0) return value;
  problems.push(
    `${envName}="${raw}" is not a positive integer; using ${fallback}.`,
  );
  return fallback;
}

/** Resolves options plus env. Never throws. */
export function resolveConfig(
  options: StartOptions = {},
  env: Env = process.env,
): ConfigResult {
  const problems: string[] = [];
  try {
    const mode = contentMode(options, env, problems);
    const config: ResolvedConfig = {
      openAICompatibleBaseUrls: baseUrls(options, env, problems),
      contentMode: mode,
      contentOnSpans: mode === 'SPAN_ONLY' || mode === 'SPAN_AND_EVENT',
      contentOnEvents: mode === 'EVENT_ONLY' || mode === 'SPAN_AND_EVENT',
      maxContentLength: positiveInt(
        options.maxContentLength,
        'maxContentLength',
        env,
        ENV_MAX_CONTENT_LENGTH,
        DEFAULT_MAX_CONTENT_LENGTH,
        problems,
      ),
      semconv: semconv(options, env, problems),
      flushTimeoutMillis: positiveInt(
        options.flushTimeoutMillis,
        'flushTimeoutMillis',
        env,
        ENV_FLUSH_TIMEOUT_MILLIS,
        DEFAULT_FLUSH_TIMEOUT_MILLIS,
        problems,
      ),
    };
    return { config, problems };
  } catch {
    problems.push('configuration could not be read; using defaults.');
    return { config: DEFAULT_CONFIG, problems };
  }
}
