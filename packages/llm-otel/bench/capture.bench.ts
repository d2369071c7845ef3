// Capture benchmark: the same workload with and without instrumentation in
// one run, against a loopback LLM server in its own process.
//
//   npm run build && node --import tsx packages/llm-otel/bench/capture.bench.ts
//
// Modes: off; capture with a recorder that declines (non-LLM traffic);
// capture into a no-op sink (the capture layer alone); full (capture + the
// recorder instrumentLlmCalls() installs: provider parsers, spans on a
// BatchSpanProcessor, metrics; exporters drop everything). Timing workloads
// run the modes in short blocks that take turns, so load from other jobs
// hits all alike.
// Peak RSS with 200 concurrent streams is measured in fresh child processes.
//
//   node --import tsx packages/llm-otel/bench/capture.bench.ts --instructions
//
// counts instructions per call instead (valgrind, a fresh process per mode):
// slower (about 20 minutes), but not moved by other jobs on the machine.

import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { SpanKind, context } from '@opentelemetry/api';
import type { Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import type { PushMetricExporter } from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import OpenAI from 'openai';
// The built package, as users run it (`npm run build` first): tsx's transform
// of the sources adds work of its own (a __name call per closure) that the
// published code does not do.
import type {
  ExchangeRecorder,
  ExchangeSink,
} from '../dist/esm/capture/exchange.js';
import { enableCapture } from '../dist/esm/capture/install-capture.js';
import { resolveConfig } from '../dist/esm/config/resolve-config.js';
import { preAggregatedMetrics } from '../dist/esm/sdk/instrument-llm-calls.js';
import { drainDeferredWork } from '../dist/esm/telemetry/deferred-work.js';
import { createLlmRecorder } from '../dist/esm/telemetry/llm-recorder.js';
import { INSTRUMENTATION_SCOPE } from '../dist/esm/telemetry/semconv.js';

const here = fileURLToPath(new URL('.', import.meta.url));

// ---- environment -----------------------------------------------------------

async function startServer(): Promise<{ origin: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', `${here}fixture-server.ts`],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const [data] = (await once(child.stdout!, 'data')) as [Buffer];
  return { origin: `http://127.0.0.1:${data.toString().trim()}`, child };
}

const dropSpans: SpanExporter = {
  export: (_spans, done) => done({ code: 0 }),
  shutdown: () => Promise.resolve(),
};
const dropMetrics: PushMetricExporter = {
  export: (_metrics, done) => done({ code: 0 }),
  forceFlush: () => Promise.resolve(),
  shutdown: () => Promise.resolve(),
};

interface Mode {
  readonly name: string;
  on(): void;
  off(): void;
}

const noopSink: ExchangeSink = {
  requestBody: () => undefined,
  requestBodyEnd: () => undefined,
  responseHeaders: () => undefined,
  responseChunk: () => undefined,
  responseBodyHidden: () => undefined,
  end: () => undefined,
  fail: () => undefined,
};

function captureMode(name: string, recorder: ExchangeRecorder): Mode {
  let disable: (() => void) | undefined;
  return {
    name,
    on: () => (disable = enableCapture(recorder)),
    off: () => disable?.(),
  };
}

/**
 * off, and three ways of being on, all in one process; and the app's own
 * tracer (a server span around a call is the app's, in every mode).
 */
function modes(origin: string): { all: Mode[]; appTracer: Tracer } {
  context.setGlobalContextManager(
    new AsyncLocalStorageContextManager().enable(),
  );
  const tracerProvider = new BasicTracerProvider({
    spanProcessors: [new BatchSpanProcessor(dropSpans)],
  });
  const meterProvider = new MeterProvider({
    readers: [
      new PeriodicExportingMetricReader({
        exporter: dropMetrics,
        exportIntervalMillis: 1000,
      }),
    ],
  });
  // The recorder register installs, built once so that modes can be
  // switched between single calls: the histograms go through our
  // producer on the reader, as in the SDK register starts.
  const { config } = resolveConfig({
    openAICompatibleBaseUrls: [`${origin}/v1`],
  });
  const preAggregated = preAggregatedMetrics(meterProvider);
  if (preAggregated === undefined) throw new Error('no metric reader found');
  const full = createLlmRecorder({
    tracer: tracerProvider.getTracer(INSTRUMENTATION_SCOPE),
    meter: meterProvider.getMeter(INSTRUMENTATION_SCOPE),
    config,
    preAggregated,
  });
  const all: Mode[] = [
    { name: 'off', on: () => undefined, off: () => undefined },
    // Capture installed, the recorder says up front it would decline (what
    // non-LLM traffic pays: the LLM recorder answers mayRecord() from the
    // URL).
    captureMode('declined', {
      begin: () => undefined,
      mayRecord: () => false,
    }),
    // Capture observing everything into a sink that does nothing.
    captureMode('capture', { begin: () => noopSink }),
    // The full path: capture + provider parsers + spans + metrics.
    captureMode('full', full),
  ];
  return { all, appTracer: tracerProvider.getTracer('bench-app') };
}

// ---- workloads -----------------------------------------------------------

function client(origin: string): OpenAI {
  // Built per round, after capture is (un)installed, as an app would be.
  return new OpenAI({
    apiKey: 'sk-bench',
    baseURL: `${origin}/v1`,
    maxRetries: 0,
  });
}

const MESSAGES = [{ role: 'user' as const, content: 'Say hello.' }];

/** A 50 KB prompt: a retrieved context ahead of the question. */
const CONTEXT_MESSAGES = [
  { role: 'system' as const, content: 'context '.repeat(6_400) },
  ...MESSAGES,
];

/**
 * The same call with a 50 KB prompt, made while the app handles a request:
 * inside its server span (what HTTP server instrumentation starts), the
 * common case in production. The span is the app's, in every mode.
 */
async function callInServerSpan(
  openai: OpenAI,
  tracer: Tracer,
): Promise<number> {
  return tracer.startActiveSpan(
    'POST /summarize',
    { kind: SpanKind.SERVER },
    async span => {
      try {
        const start = performance.now();
        const completion = await openai.chat.completions.create({
          model: 'gpt-4o-mini',
          messages: CONTEXT_MESSAGES,
        });
        if (completion.usage?.total_tokens !== 15)
          throw new Error('bad completion');
        return performance.now() - start;
      } finally {
        span.end();
      }
    },
  );
}

async function nonStreamCall(openai: OpenAI): Promise<number> {
  const start = performance.now();
  const completion = await openai.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: MESSAGES,
  });
  if (completion.usage?.total_tokens !== 15) throw new Error('bad completion');
  return performance.now() - start;
}

async function streamCall(
  openai: OpenAI,
  chunks: number,
  gapMs = 0,
  firstMs = 0,
): Promise<{
  first: number;
  afterHeaders: number;
  total: number;
  events: number;
}> {
  const start = performance.now();
  const stream = await openai.chat.completions.create(
    { model: 'gpt-4o-mini', messages: MESSAGES, stream: true },
    { query: { chunks, gapMs, firstMs } },
  );
  const headersAt = performance.now();
  let first = 0;
  let events = 0;
  for await (const event of stream) {
    if (events++ === 0) first = performance.now() - start;
    void event;
  }
  if (events !== chunks + 1) throw new Error(`got ${events} events`);
  return {
    first,
    afterHeaders: start + first - headersAt,
    total: performance.now() - start,
    events,
  };
}

async function embeddingsCall(openai: OpenAI): Promise<number> {
  const start = performance.now();
  const result = await openai.embeddings.create({
    model: 'text-embedding-3-small',
    input: 'hello',
    encoding_format: 'float',
  });
  if (result.data.length < 100) throw new Error('bad embeddings');
  return performance.now() - start;
}

/** How long the server holds the first chunk back after the headers. */
const FIRST_CHUNK_PAUSE_MS = 5;

// ---- statistics ------------------------------------------------------------

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? sorted[mid]!
    : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

type Series<T = number> = Record<string, T[]>;

/** How a workload's calls are split between the modes. */
interface Blocks {
  /** Rounds; each runs one block per mode, in an order that rotates. */
  readonly rounds: number;
  /** Calls per block. */
  readonly calls: number;
  /** Calls at the start of each block that are run but not kept. */
  readonly skip: number;
}

/**
 * Runs the workload in blocks of calls per mode, the modes taking turns. An
 * app installs capture once; the bench switches it between blocks, and a
 * switch costs the next few calls of every mode, off included, up to a few
 * hundred µs (V8 reoptimizes undici's code for a changed dispatcher and
 * channel state). Those calls are run but not kept. Blocks are short, so
 * load from other jobs on the machine still hits every mode alike.
 */
async function interleaved<T>(
  blocks: Blocks,
  all: readonly Mode[],
  origin: string,
  run: (openai: OpenAI) => Promise<T>,
): Promise<Series<T>> {
  const series: Series<T> = {};
  for (let round = 0; round < blocks.rounds; round++) {
    // Rotate the order so that no mode always follows the same one.
    const order = all.map((_, i) => all[(i + round) % all.length]!);
    for (const mode of order) {
      mode.on();
      const openai = client(origin);
      for (let i = 0; i < blocks.calls; i++) {
        const result = await run(openai);
        if (i >= blocks.skip) (series[mode.name] ??= []).push(result);
        // Untimed, in every mode: work the recorder deferred past the app's
        // continuation runs here, in this mode's slot, not in the next
        // call (its cost shows in the CPU rows).
        await settle();
      }
      mode.off();
    }
  }
  return series;
}

/** One turn of the event loop: pending immediates (deferred work) run. */
function settle(): Promise<void> {
  return new Promise(resolve => setImmediate(resolve));
}

/** CPU time (user + system, ms) of `run` plus the work it deferred. */
async function withCpu<T>(
  run: () => Promise<T>,
): Promise<{ result: T; cpu: number }> {
  const before = process.cpuUsage();
  const result = await run();
  await settle();
  const used = process.cpuUsage(before);
  return { result, cpu: (used.user + used.system) / 1000 };
}

function pick<T, U = number>(series: Series<T>, f: (t: T) => U): Series<U> {
  const out: Series<U> = {};
  for (const [name, values] of Object.entries(series))
    out[name] = values.map(f);
  return out;
}

function row(name: string, series: Series, unit: 'ms' | 'us'): string {
  const scale = unit === 'us' ? 1000 : 1;
  const digits = unit === 'us' ? 0 : 2;
  const off = median(series['off']!) * scale;
  const cells = ['declined', 'capture', 'full'].map(mode => {
    const on = median(series[mode]!) * scale;
    const delta = on - off;
    const pct = (delta / off) * 100;
    const sign = (x: number): string => (x >= 0 ? '+' : '');
    return `${sign(delta)}${delta.toFixed(digits)} ${unit} (${sign(pct)}${pct.toFixed(1)}%)`;
  });
  return `| ${name} | ${series['off']!.length} | ${off.toFixed(digits)} ${unit} | ${cells.join(' | ')} |`;
}

/** Time and CPU per non-stream call, for one pass. */
function callRows(
  label: string,
  runs: Series<{ result: number; cpu: number }>,
): string[] {
  return [
    row(
      `non-stream chat completion, per call (${label})`,
      pick(runs, r => r.result),
      'us',
    ),
    row(
      `non-stream, CPU time per call incl. deferred work (${label})`,
      pick(runs, r => r.cpu),
      'us',
    ),
  ];
}

// ---- 200 concurrent streams, peak RSS (child process per mode) -------------

const RSS_PROCESSES = 7;

/** How fast the server sends each of the 200 streams. */
interface Pace {
  readonly chunks: number;
  readonly gapMs: number;
  readonly label: string;
}

const PACES: readonly Pace[] = [
  {
    chunks: 300,
    gapMs: 2,
    label: '300 chunks 2 ms apart (more than the client can take: CPU-bound)',
  },
  {
    chunks: 150,
    gapMs: 20,
    label: "150 chunks 20 ms apart (50 chunks/s each, a fast model's pace)",
  },
];

interface Memory {
  rss: number;
  heap: number;
  buffers: number;
}

interface MemoryRun {
  baseline: Memory;
  peak: Memory;
  /** CPU time of the process over wall time, during the streams. */
  busy: number;
}

async function concurrentStreams(
  origin: string,
  modeName: string,
  pace: Pace,
): Promise<void> {
  const mode = modes(origin).all.find(m => m.name === modeName)!;
  mode.on();
  const openai = client(origin);
  // Warm up the modules and one connection before measuring.
  await streamCall(openai, 10);
  globalThis.gc?.();
  // RSS, and what makes it: the V8 heap in use and the memory of array
  // buffers (socket reads, chunks) outside it. Each peak on its own.
  const sample = (): Memory => {
    const m = process.memoryUsage();
    return { rss: m.rss, heap: m.heapUsed, buffers: m.arrayBuffers };
  };
  const baseline = sample();
  const peak = { ...baseline };
  const note = (): void => {
    const now = sample();
    peak.rss = Math.max(peak.rss, now.rss);
    peak.heap = Math.max(peak.heap, now.heap);
    peak.buffers = Math.max(peak.buffers, now.buffers);
  };
  const sampler = setInterval(note, 5);
  const cpu = process.cpuUsage();
  const start = performance.now();
  const results = await Promise.all(
    Array.from({ length: 200 }, () =>
      streamCall(openai, pace.chunks, pace.gapMs),
    ),
  );
  const used = process.cpuUsage(cpu);
  const busy = (used.user + used.system) / 1000 / (performance.now() - start);
  clearInterval(sampler);
  note();
  if (results.some(r => r.events !== pace.chunks + 1))
    throw new Error('lost events');
  const run: MemoryRun = { baseline, peak, busy };
  process.stdout.write(JSON.stringify(run) + '\n');
  mode.off();
}

/** Runs this bench in a fresh child process with `args`; its JSON answer. */
async function benchChild<T>(args: readonly string[]): Promise<T> {
  const child = spawn(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url), ...args],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  const [code] = (await once(child, 'exit')) as [number];
  if (code !== 0) throw new Error(`bench child ${args[0]} exited ${code}`);
  return JSON.parse(out.trim()) as T;
}

function rssChild(
  origin: string,
  modeName: string,
  pace: Pace,
): Promise<MemoryRun> {
  return benchChild(['--rss', modeName, origin, String(PACES.indexOf(pace))]);
}

/** Table rows for one pace: peak RSS, heap, array buffers, CPU busy share. */
async function memoryRows(origin: string, pace: Pace): Promise<string[]> {
  const names = ['off', 'capture', 'full'];
  const rss: Series = {};
  const heap: Series = {};
  const buffers: Series = {};
  const busy: Series = {};
  // RSS moves by tens of MB between identical processes (V8 sizes its
  // young generation as it goes): more processes, and the range printed.
  for (let i = 0; i < RSS_PROCESSES; i++) {
    for (const name of names) {
      const run = await rssChild(origin, name, pace);
      (rss[name] ??= []).push(run.peak.rss - run.baseline.rss);
      (heap[name] ??= []).push(run.peak.heap - run.baseline.heap);
      (buffers[name] ??= []).push(run.peak.buffers - run.baseline.buffers);
      (busy[name] ??= []).push(run.busy);
    }
  }
  const mb = (b: number): string => `${(b / 1024 / 1024).toFixed(1)} MB`;
  const mbRange = (values: number[]): string =>
    `${mb(median(values))} (${mb(Math.min(...values))} to ${mb(Math.max(...values))})`;
  const cells = (series: Series, f: (v: number[]) => string): string =>
    `${f(series['off']!)} | n/a | ${f(series['capture']!)} | ${f(series['full']!)}`;
  const pct = (v: number[]): string => `${(median(v) * 100).toFixed(0)}%`;
  return [
    `| 200 concurrent streams, ${pace.label}: peak RSS above warm baseline | ${RSS_PROCESSES} | ${cells(rss, mbRange)} |`,
    `| … of which: peak V8 heap used above baseline | ${RSS_PROCESSES} | ${cells(heap, mbRange)} |`,
    `| … of which: peak array buffers above baseline | ${RSS_PROCESSES} | ${cells(buffers, mbRange)} |`,
    `| … CPU busy (process CPU time over wall time) | ${RSS_PROCESSES} | ${cells(busy, pct)} |`,
  ];
}

// ---- non-stream calls, a fresh process per mode ----------------------------

/**
 * Processes per mode. In one process the modes share V8's and undici's
 * state: off runs code that capture's calls made polymorphic, and the
 * promise hook that the first AsyncLocalStorage run() turns on before Node
 * 24 (see the bench README) slows every mode once any mode ran one. A
 * process of its own per mode is what an app without instrumentation
 * gets; identical processes differ by tens of µs, hence the median of a
 * few.
 */
const CALL_PROCESSES = 7;

/** Medians of one process's kept calls, ms: time per call and CPU. */
interface CallsRun {
  readonly result: number;
  readonly cpu: number;
}

/** In a child: one mode from the process start, as an app runs it. */
async function freshProcessCalls(
  origin: string,
  modeName: string,
): Promise<void> {
  // Off is an app without instrumentation: no context manager, no SDK
  // providers (whose periodic export would run the first context.with).
  if (modeName !== 'off')
    modes(origin)
      .all.find(m => m.name === modeName)!
      .on();
  const openai = client(origin);
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < 1200; i++) {
    const run = await withCpu(() => nonStreamCall(openai));
    if (i < 200) continue;
    wall.push(run.result);
    cpu.push(run.cpu);
  }
  const answer: CallsRun = { result: median(wall), cpu: median(cpu) };
  process.stdout.write(JSON.stringify(answer) + '\n');
}

async function freshProcessRows(origin: string): Promise<string[]> {
  const names = ['off', 'declined', 'capture', 'full'];
  const runs: Series<CallsRun> = {};
  for (let round = 0; round < CALL_PROCESSES; round++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(i + round) % names.length]!;
      const run = await benchChild<CallsRun>(['--calls', name, origin]);
      (runs[name] ??= []).push(run);
    }
  }
  return callRows(
    `a fresh process per mode, calls 200 to 1,200; median of ${CALL_PROCESSES} processes`,
    runs,
  );
}

// ---- instructions per call (valgrind), a fresh process per mode ------------

/**
 * Calls per process for the instruction counts: none (start-up), a first
 * stretch, and a longer run whose difference from the first is a steady
 * state's cost per call.
 */
const INSTRUCTION_CALLS = [0, 2000, 10000] as const;

/**
 * Modes for the instruction counts: off (an app without instrumentation),
 * the same app with an OTel context manager whose hooks are on (what any OTel
 * SDK turns on at its first export: the app already pays it when it uses
 * OTel), capture alone and full.
 */
const INSTRUCTION_MODES = ['off', 'context', 'capture', 'full'] as const;

/** In a child under valgrind: `calls` calls in one mode, then exit. */
async function instructionCalls(
  origin: string,
  modeName: string,
  calls: number,
): Promise<void> {
  if (modeName !== 'off') {
    const { all } = modes(origin);
    // Turns the context manager's hooks on, as an SDK's first export does.
    context.with(context.active(), () => undefined);
    all.find(m => m.name === modeName)?.on();
  }
  const openai = client(origin);
  for (let i = 0; i < calls; i++) {
    await nonStreamCall(openai);
    await settle();
  }
  drainDeferredWork();
}

/** Instructions (all threads: JIT and GC included) of one child process. */
async function countInstructions(
  origin: string,
  modeName: string,
  calls: number,
): Promise<number> {
  const child = spawn(
    'valgrind',
    [
      '--tool=cachegrind',
      '--cache-sim=no',
      // V8 writes and rewrites machine code at run time.
      '--smc-check=all-non-file',
      '--cachegrind-out-file=/dev/null',
      process.execPath,
      '--import',
      'tsx',
      fileURLToPath(import.meta.url),
      '--instruction-calls',
      modeName,
      origin,
      String(calls),
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const [code] = (await once(child, 'close')) as [number | null];
  const refs = /I\s+refs:\s+([\d,]+)/.exec(stderr)?.[1];
  if (code !== 0 || refs === undefined)
    throw new Error(`valgrind run failed (${code}):\n${stderr.slice(-2000)}`);
  return Number(refs.replaceAll(',', ''));
}

/**
 * Instructions per non-stream call, counted by valgrind (cachegrind): not
 * timed, so the load of other jobs on the machine does not move them (two
 * identical runs differ by about 0.03 %), and a change of a few
 * instructions per call shows.
 */
async function instructionRows(origin: string): Promise<string[]> {
  const [, first, last] = INSTRUCTION_CALLS;
  const jobs = INSTRUCTION_MODES.flatMap(mode =>
    INSTRUCTION_CALLS.map(calls => ({ mode, calls })),
  );
  const counts = new Map<string, number>();
  // Two at a time: a valgrind process runs on one core.
  for (let i = 0; i < jobs.length; i += 2) {
    await Promise.all(
      jobs.slice(i, i + 2).map(async ({ mode, calls }) => {
        counts.set(
          `${mode} ${calls}`,
          await countInstructions(origin, mode, calls),
        );
      }),
    );
  }
  const perCall = (mode: string, from: number, to: number): number =>
    (counts.get(`${mode} ${to}`)! - counts.get(`${mode} ${from}`)!) /
    (to - from);
  const k = (n: number): string => `${(n / 1000).toFixed(0)}k`;
  const rows = INSTRUCTION_MODES.map(mode => {
    const cells = [
      [0, first],
      [first, last],
    ].map(([from, to]) => {
      const own = perCall(mode, from!, to!);
      const off = perCall('off', from!, to!);
      return mode === 'off'
        ? k(own)
        : `${k(own)} (+${k(own - off)}, +${(((own - off) / off) * 100).toFixed(1)}%)`;
    });
    return `| ${mode} | ${cells.join(' | ')} |`;
  });
  return [
    `Node ${process.version}, ${new Date().toISOString()}: instructions per non-stream call (valgrind), a fresh process per mode`,
    '',
    `| mode | calls 1 to ${first.toLocaleString('en-US')} | calls ${first.toLocaleString('en-US')} to ${last.toLocaleString('en-US')} |`,
    '| --- | --- | --- |',
    ...rows,
  ];
}

// ---- main -------------------------------------------------------------------

async function main(): Promise<void> {
  if (process.argv[2] === '--rss') {
    const pace = PACES[Number(process.argv[5])]!;
    await concurrentStreams(process.argv[4]!, process.argv[3]!, pace);
    process.exit(0);
  }
  if (process.argv[2] === '--instruction-calls') {
    const [, , , modeName, origin, calls] = process.argv;
    await instructionCalls(origin!, modeName!, Number(calls));
    process.exit(0);
  }
  if (process.argv[2] === '--instructions') {
    const { origin, child } = await startServer();
    try {
      const lines = await instructionRows(origin);
      process.stdout.write(lines.join('\n') + '\n');
    } finally {
      child.kill('SIGTERM');
    }
    return;
  }
  if (process.argv[2] === '--calls') {
    await freshProcessCalls(process.argv[4]!, process.argv[3]!);
    process.exit(0);
  }
  const { origin, child } = await startServer();
  try {
    const { all, appTracer } = modes(origin);
    // Warm-up: JIT, connections, every path.
    const warm = { rounds: 4, calls: 50, skip: 50 };
    await interleaved(warm, all, origin, nonStreamCall);
    await interleaved({ ...warm, calls: 5, skip: 5 }, all, origin, o =>
      streamCall(o, 1000),
    );

    // 1,000 kept calls per mode for the non-stream rows, 100 streams, etc.
    const nonStreamRuns = await interleaved(
      { rounds: 25, calls: 50, skip: 10 },
      all,
      origin,
      o => withCpu(() => nonStreamCall(o)),
    );
    const streamRuns = await interleaved(
      { rounds: 25, calls: 6, skip: 2 },
      all,
      origin,
      o => withCpu(() => streamCall(o, 1000)),
    );
    const streams = pick(streamRuns, r => r.result);
    // The first chunk 5 ms after the headers, timed from when the SDK handed
    // the app the stream: everything the request and the headers set off is
    // done by then, so the delta is what delivering that chunk costs, without
    // the spread of the time to the headers.
    const paused = await interleaved(
      { rounds: 25, calls: 12, skip: 4 },
      all,
      origin,
      o => streamCall(o, 10, 0, FIRST_CHUNK_PAUSE_MS),
    );
    const embed = await interleaved(
      { rounds: 10, calls: 4, skip: 1 },
      all,
      origin,
      embeddingsCall,
    );
    // The same non-stream call once every mode has run thousands of calls:
    // V8 keeps optimising code that runs once per call for that long (the
    // rows above start after 200 calls per mode).
    await interleaved({ rounds: 40, calls: 50, skip: 50 }, all, origin, o =>
      nonStreamCall(o),
    );
    const hotRuns = await interleaved(
      { rounds: 25, calls: 50, skip: 10 },
      all,
      origin,
      o => withCpu(() => nonStreamCall(o)),
    );
    const inServerSpan = await interleaved(
      { rounds: 25, calls: 20, skip: 4 },
      all,
      origin,
      o => withCpu(() => callInServerSpan(o, appTracer)),
    );
    const fresh = await freshProcessRows(origin);
    const memory: string[] = [];
    for (const pace of PACES) memory.push(...(await memoryRows(origin, pace)));
    const lines = [
      `Node ${process.version}, ${new Date().toISOString()}`,
      '',
      '| workload (median) | samples per mode | off | declined (non-LLM) | capture (no-op sink) | full (capture + recorder) |',
      '| --- | --- | --- | --- | --- | --- |',
      ...callRows('calls 200 to 1,450 per mode', nonStreamRuns),
      ...callRows('hot: calls 3,450 to 4,700 per mode', hotRuns),
      ...callRows('50 KB prompt, in a server span; hot', inServerSpan),
      ...fresh,
      row(
        '1,000-chunk stream, time to first chunk',
        pick(streams, r => r.first),
        'us',
      ),
      row(
        `10-chunk stream, first chunk sent ${FIRST_CHUNK_PAUSE_MS} ms after the headers: from the stream in hand to the first chunk`,
        pick(paused, r => r.afterHeaders),
        'us',
      ),
      row(
        '1,000-chunk stream, total',
        pick(streams, r => r.total),
        'ms',
      ),
      row(
        '1,000-chunk stream, CPU time incl. deferred work',
        pick(streamRuns, r => r.cpu),
        'ms',
      ),
      row('5 MB embeddings response, per call', embed, 'ms'),
      ...memory,
    ];
    process.stdout.write(lines.join('\n') + '\n');
  } finally {
    child.kill('SIGTERM');
  }
}

await main();
