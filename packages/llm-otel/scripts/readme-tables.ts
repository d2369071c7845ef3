// Generates the attribute and metric tables of README.md from the names in
// src/telemetry/semconv.ts and the metric specs in llm-metrics.ts, so the
// README cannot drift from the code (test/telemetry/readme-tables.test.ts).
//
//   node --import tsx scripts/readme-tables.ts   # rewrites README.md in place

import { readFileSync, writeFileSync } from 'node:fs';
import * as semconv from '../src/telemetry/semconv.js';
import { LATEST_METRICS, V141_METRICS } from '../src/telemetry/llm-metrics.js';
import type { MetricSpec } from '../src/telemetry/llm-metrics.js';

type Sets = 'both' | 'v1.41' | 'latest';

interface AttributeDoc {
  readonly name: string;
  readonly type: string;
  readonly sets: Sets;
  readonly when: string;
}

const s = semconv;

export const ATTRIBUTE_DOCS: readonly AttributeDoc[] = [
  {
    name: s.ATTR_GEN_AI_OPERATION_NAME,
    type: 'string',
    sets: 'both',
    when: 'always: `chat`, `text_completion`, `generate_content`, `embeddings`, `fetch_response`',
  },
  {
    name: s.ATTR_GEN_AI_PROVIDER_NAME,
    type: 'string',
    sets: 'both',
    when: 'always',
  },
  {
    name: s.ATTR_GEN_AI_REQUEST_MODEL,
    type: 'string',
    sets: 'both',
    when: 'when the request (body or URL) names it',
  },
  {
    name: s.ATTR_SERVER_ADDRESS,
    type: 'string',
    sets: 'both',
    when: 'always (host only; never the path or query)',
  },
  { name: s.ATTR_SERVER_PORT, type: 'int', sets: 'both', when: 'always' },
  {
    name: s.ATTR_GEN_AI_REQUEST_STREAM,
    type: 'boolean',
    sets: 'both',
    when: 'streams only (`true`)',
  },
  {
    name: s.ATTR_GEN_AI_REQUEST_TEMPERATURE,
    type: 'double',
    sets: 'both',
    when: 'when sent',
  },
  {
    name: s.ATTR_GEN_AI_REQUEST_TOP_P,
    type: 'double',
    sets: 'both',
    when: 'when sent',
  },
  {
    name: s.ATTR_GEN_AI_REQUEST_TOP_K,
    type: 'int',
    sets: 'both',
    when: 'when sent',
  },
  {
    name: s.ATTR_GEN_AI_REQUEST_MAX_TOKENS,
    type: 'int',
    sets: 'both',
    when: 'when sent',
  },
  {
    name: s.ATTR_GEN_AI_REQUEST_FREQUENCY_PENALTY,
    type: 'double',
    sets: 'both',
    when: 'when sent',
  },
  {
    name: s.ATTR_GEN_AI_REQUEST_PRESENCE_PENALTY,
    type: 'double',
    sets: 'both',
    when: 'when sent',
  },
  {
    name: s.ATTR_GEN_AI_REQUEST_STOP_SEQUENCES,
    type: 'string[]',
    sets: 'both',
    when: 'when sent',
  },
  {
    name: s.ATTR_GEN_AI_REQUEST_SEED,
    type: 'int',
    sets: 'both',
    when: 'when sent',
  },
  {
    name: s.ATTR_GEN_AI_REQUEST_CHOICE_COUNT,
    type: 'int',
    sets: 'both',
    when: 'when sent and not 1',
  },
  {
    name: s.ATTR_GEN_AI_REQUEST_ENCODING_FORMATS,
    type: 'string[]',
    sets: 'both',
    when: 'embeddings, when sent',
  },
  {
    name: s.ATTR_GEN_AI_OUTPUT_TYPE,
    type: 'string',
    sets: 'both',
    when: 'when the request asks for a format',
  },
  {
    name: s.ATTR_GEN_AI_CONVERSATION_ID,
    type: 'string',
    sets: 'both',
    when: "when the request (or a Mistral conversation's answer) carries one (never made up)",
  },
  {
    name: s.ATTR_GEN_AI_REQUEST_REASONING_LEVEL,
    type: 'string',
    sets: 'latest',
    when: 'when sent',
  },
  {
    name: s.ATTR_GEN_AI_REQUEST_PREVIOUS_RESPONSE_ID,
    type: 'string',
    sets: 'latest',
    when: 'when sent',
  },
  {
    name: s.ATTR_OPENAI_REQUEST_SERVICE_TIER,
    type: 'string',
    sets: 'both',
    when: 'OpenAI, when sent and not `auto`',
  },
  {
    name: s.ATTR_GEN_AI_RESPONSE_ID,
    type: 'string',
    sets: 'both',
    when: 'when the response has one',
  },
  {
    name: s.ATTR_GEN_AI_RESPONSE_MODEL,
    type: 'string',
    sets: 'both',
    when: 'when the response names it',
  },
  {
    name: s.ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
    type: 'string[]',
    sets: 'both',
    when: 'one per choice; `error` for a cut one',
  },
  {
    name: s.ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK,
    type: 'double (s)',
    sets: 'both',
    when: 'streams, once a chunk arrived',
  },
  {
    name: s.ATTR_GEN_AI_USAGE_INPUT_TOKENS,
    type: 'int',
    sets: 'both',
    when: 'when reported; includes cache read and cache write',
  },
  {
    name: s.ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
    type: 'int',
    sets: 'both',
    when: 'when reported; includes reasoning',
  },
  {
    name: s.ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
    type: 'int',
    sets: 'both',
    when: 'when reported',
  },
  {
    name: s.ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
    type: 'int',
    sets: 'v1.41',
    when: 'when reported',
  },
  {
    name: s.ATTR_GEN_AI_USAGE_CACHE_WRITE_INPUT_TOKENS,
    type: 'int',
    sets: 'latest',
    when: 'when reported',
  },
  {
    name: s.ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
    type: 'int',
    sets: 'both',
    when: 'when reported',
  },
  {
    name: s.ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT,
    type: 'int',
    sets: 'both',
    when: 'embeddings',
  },
  {
    name: s.ATTR_OPENAI_RESPONSE_SERVICE_TIER,
    type: 'string',
    sets: 'both',
    when: 'OpenAI, when reported',
  },
  {
    name: s.ATTR_OPENAI_RESPONSE_SYSTEM_FINGERPRINT,
    type: 'string',
    sets: 'both',
    when: 'OpenAI, when reported',
  },
  {
    name: s.ATTR_ERROR_TYPE,
    type: 'string',
    sets: 'both',
    when: 'failures: provider error code, else HTTP status, else network error code, `timeout`, `_OTHER`',
  },
  {
    name: s.ATTR_GEN_AI_INPUT_MESSAGES,
    type: 'string (JSON)',
    sets: 'both',
    when: 'content capture on',
  },
  {
    name: s.ATTR_GEN_AI_OUTPUT_MESSAGES,
    type: 'string (JSON)',
    sets: 'both',
    when: 'content capture on',
  },
  {
    name: s.ATTR_GEN_AI_SYSTEM_INSTRUCTIONS,
    type: 'string (JSON)',
    sets: 'both',
    when: 'content capture on, when the API takes instructions separately',
  },
  {
    name: s.ATTR_GEN_AI_TOOL_DEFINITIONS,
    type: 'string (JSON)',
    sets: 'both',
    when: 'content capture on, when tools are sent',
  },
  {
    name: s.ATTR_LLM_OTEL_FEATURE,
    type: 'string',
    sets: 'both',
    when: 'always; `unattributed` when no feature is set',
  },
  {
    name: s.ATTR_LLM_OTEL_OUTCOME,
    type: 'string',
    sets: 'both',
    when: 'always: `success`, `rate_limited`, `timeout`, `server_error`, `client_error`, `canceled`, `network_error`',
  },
  {
    name: s.ATTR_LLM_OTEL_ATTEMPT,
    type: 'int',
    sets: 'both',
    when: 'when the SDK sends its retry count, or when the same request follows a failed one; 0 = first attempt',
  },
  {
    name: s.ATTR_LLM_OTEL_SAMPLED,
    type: 'boolean',
    sets: 'both',
    when: '`false` when the app sampler would have dropped the span',
  },
  {
    name: s.ATTR_LLM_OTEL_SUPERSEDED,
    type: 'boolean',
    sets: 'both',
    when: "set on *another* instrumentation's gen_ai span that our span supersedes",
  },
];

const SET_LABEL: Record<Sets, string> = {
  both: 'both',
  'v1.41': 'v1.41 only',
  latest: 'latest only',
};

export function attributeTable(): string {
  const rows = ATTRIBUTE_DOCS.map(
    a => `| \`${a.name}\` | ${a.type} | ${SET_LABEL[a.sets]} | ${a.when} |`,
  );
  return [
    '| attribute | type | semconv set | when |',
    '| --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

function metricRows(specs: readonly MetricSpec[]): string[] {
  return specs.map(
    m => `| \`${m.name}\` | ${m.kind} | \`${m.unit}\` | ${m.description} |`,
  );
}

export function metricTable(): string {
  const header = [
    '| metric | instrument | unit | what |',
    '| --- | --- | --- | --- |',
  ];
  return [
    '**v1.41 (default)**',
    '',
    ...header,
    ...metricRows(Object.values(V141_METRICS)),
    '',
    '**latest (`OTEL_SEMCONV_STABILITY_OPT_IN=gen_ai_latest_experimental`)**',
    '',
    ...header,
    ...metricRows(Object.values(LATEST_METRICS)),
  ].join('\n');
}

export function bucketsLine(): string {
  return [
    `Seconds histograms use the advised boundaries \`[${semconv.DURATION_BUCKETS.join(', ')}]\`;`,
    `token histograms \`[${semconv.TOKEN_BUCKETS.join(', ')}]\`.`,
  ].join(' ');
}

/** README text between `<!-- NAME:start -->` and `<!-- NAME:end -->`. */
export function section(readme: string, name: string): string | undefined {
  const start = `<!-- ${name}:start -->\n`;
  const end = `\n<!-- ${name}:end -->`;
  const from = readme.indexOf(start);
  const to = readme.indexOf(end);
  if (from < 0 || to < from) return undefined;
  return readme.slice(from + start.length, to);
}

export function generatedSections(): Record<string, string> {
  return {
    attributes: attributeTable(),
    metrics: `${metricTable()}\n\n${bucketsLine()}`,
  };
}

export function renderReadme(readme: string): string {
  let out = readme;
  for (const [name, body] of Object.entries(generatedSections())) {
    const current = section(out, name);
    if (current === undefined) throw new Error(`README lacks section ${name}`);
    out = out.replace(
      `<!-- ${name}:start -->\n${current}\n<!-- ${name}:end -->`,
      `<!-- ${name}:start -->\n${body}\n<!-- ${name}:end -->`,
    );
  }
  return out;
}

if (process.argv[1]?.endsWith('readme-tables.ts')) {
  const path = new URL('../README.md', import.meta.url);
  writeFileSync(path, renderReadme(readFileSync(path, 'utf8')));
}
