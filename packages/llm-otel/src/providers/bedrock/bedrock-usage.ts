// Bedrock usage to semconv. Bedrock's `inputTokens` counts only the fresh
// input: cache reads and writes are reported beside it and `totalTokens`
// adds all of them (AWS prompt-caching guide, docs.aws.amazon.com/bedrock/
// latest/userguide/prompt-caching.html; the same reading in opencode #38427
// and apache/apisix #14044). Semconv wants input = fresh + read + write.

import { int, obj } from '../json/json-value.js';
import type { Usage } from '../types.js';

export interface RawBedrockUsage {
  input?: number;
  output?: number;
  cacheRead?: number;
  cacheWrite?: number;
}

/** Converse `usage` (also Nova InvokeModel bodies): inputTokens, outputTokens, cache*. */
export function readConverseUsage(value: unknown, into: RawBedrockUsage): void {
  const u = obj(value);
  if (u === undefined) return;
  const input = int(u['inputTokens']);
  if (input !== undefined) into.input = input;
  const output = int(u['outputTokens']);
  if (output !== undefined) into.output = output;
  const read = int(u['cacheReadInputTokens']);
  if (read !== undefined) into.cacheRead = read;
  const write = int(u['cacheWriteInputTokens']);
  if (write !== undefined) into.cacheWrite = write;
}

/** `amazon-bedrock-invocationMetrics` of InvokeModelWithResponseStream. */
export function readInvocationMetrics(
  value: unknown,
  into: RawBedrockUsage,
): void {
  const m = obj(value);
  if (m === undefined) return;
  const input = int(m['inputTokenCount']);
  if (input !== undefined) into.input = input;
  const output = int(m['outputTokenCount']);
  if (output !== undefined) into.output = output;
  const read = int(m['cacheReadInputTokenCount']);
  if (read !== undefined) into.cacheRead = read;
  const write = int(m['cacheWriteInputTokenCount']);
  if (write !== undefined) into.cacheWrite = write;
}

function headerInt(
  headers: Readonly<Record<string, string>>,
  name: string,
): number | undefined {
  const value = headers[name];
  if (value === undefined || !/^\d{1,12}$/.test(value.trim())) return undefined;
  return Number(value.trim());
}

/** InvokeModel response headers x-amzn-bedrock-*-token-count. */
export function readCountHeaders(
  headers: Readonly<Record<string, string>>,
): RawBedrockUsage {
  const raw: RawBedrockUsage = {};
  const input = headerInt(headers, 'x-amzn-bedrock-input-token-count');
  if (input !== undefined) raw.input = input;
  const output = headerInt(headers, 'x-amzn-bedrock-output-token-count');
  if (output !== undefined) raw.output = output;
  const read = headerInt(
    headers,
    'x-amzn-bedrock-cache-read-input-token-count',
  );
  if (read !== undefined) raw.cacheRead = read;
  const write = headerInt(
    headers,
    'x-amzn-bedrock-cache-write-input-token-count',
  );
  if (write !== undefined) raw.cacheWrite = write;
  return raw;
}

export function toUsage(raw: RawBedrockUsage): Usage | undefined {
  const usage: Usage = {};
  if (raw.input !== undefined)
    usage.inputTokens =
      raw.input + (raw.cacheRead ?? 0) + (raw.cacheWrite ?? 0);
  if (raw.output !== undefined) usage.outputTokens = raw.output;
  if (raw.cacheRead !== undefined) usage.cacheReadInputTokens = raw.cacheRead;
  if (raw.cacheWrite !== undefined)
    usage.cacheWriteInputTokens = raw.cacheWrite;
  return Object.keys(usage).length > 0 ? usage : undefined;
}
