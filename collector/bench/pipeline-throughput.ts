// Spans/s through the Collector on one core: our pipeline (collector/otelcol.yaml) against a
// plain OTLP pass-through (collector/bench/passthrough.yaml), same run, same input.
//   bash collector/build/build-backends.sh && npx tsx collector/bench/pipeline-throughput.ts
// The Collector runs with GOMAXPROCS=1 pinned to CPU 0, this load generator to CPU 1 (taskset); both configs export to an
// in-process OTLP sink that discards data. Prints the median of ROUNDS alternating runs.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SpanKind } from '@opentelemetry/api';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { backendBin } from '../../test/e2e/backends/backend-bin-dir.js';
import { freePort } from '../../test/e2e/backends/free-port.js';
import {
  startProcess,
  waitUntil,
} from '../../test/e2e/backends/managed-process.js';
import { CALLS } from '../../test/e2e/scenario/llm-calls.js';
import { startOtlpSink } from './otlp-sink.js';

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 8);
const CONCURRENCY = 4;
const SPANS_PER_REQUEST = 500;

const CONFIGS = {
  'llm-otel pipeline': fileURLToPath(
    new URL('../otelcol.yaml', import.meta.url),
  ),
  'OTLP pass-through': fileURLToPath(
    new URL('./passthrough.yaml', import.meta.url),
  ),
} as const;

/** One OTLP/protobuf request body holding SPANS_PER_REQUEST contract spans (the e2e scenario, repeated; 10% sampled). */
function requestBody(): Uint8Array {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'bench' }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('@x/llm-otel');
  const now = Date.now();
  for (let i = 0; exporter.getFinishedSpans().length < SPANS_PER_REQUEST; i++) {
    const spec = CALLS[i % CALLS.length]!;
    const attributes = {
      'gen_ai.operation.name': spec.operation,
      'gen_ai.request.model': spec.requestModel,
      ...(spec.provider !== undefined
        ? { 'gen_ai.provider.name': spec.provider }
        : { 'gen_ai.system': spec.legacySystem ?? 'openai' }),
      ...(spec.feature !== undefined
        ? { 'llm_otel.feature': spec.feature }
        : {}),
      ...(spec.outcome !== undefined
        ? { 'llm_otel.outcome': spec.outcome }
        : {}),
      ...(spec.errorType !== undefined ? { 'error.type': spec.errorType } : {}),
      ...(spec.ttftS !== undefined
        ? { 'gen_ai.response.time_to_first_chunk': spec.ttftS }
        : {}),
      ...(i % 10 !== 0 ? { 'llm_otel.sampled': false } : {}),
      ...spec.usage,
    };
    tracer
      .startSpan(`chat ${spec.requestModel}`, {
        kind: SpanKind.CLIENT,
        startTime: now - 1000,
        attributes,
      })
      .end(now);
  }
  const body = ProtobufTraceSerializer.serializeRequest(
    exporter.getFinishedSpans(),
  );
  if (body === undefined) throw new Error('serialization failed');
  return body;
}

async function measure(
  config: string,
  body: Uint8Array,
  sink: { grpcEndpoint: string; httpUrl: string },
): Promise<number> {
  const [http, health] = await Promise.all([freePort(), freePort()]);
  const taskset = execFileSync('sh', ['-c', 'command -v taskset || true'], {
    encoding: 'utf8',
  }).trim();
  const bin = backendBin('otelcol-llm');
  const [cmd, args] =
    taskset !== ''
      ? [taskset, ['-c', '0', bin, `--config=${config}`]]
      : [bin, [`--config=${config}`]];
  const proc = startProcess('otelcol', cmd, args, {
    GOMAXPROCS: '1',
    LLM_OTEL_OTLP_HTTP_ENDPOINT: `127.0.0.1:${http}`,
    LLM_OTEL_OTLP_GRPC_ENDPOINT: `127.0.0.1:${await freePort()}`,
    LLM_OTEL_HEALTH_ENDPOINT: `127.0.0.1:${health}`,
    LLM_OTEL_TRACES_ENDPOINT: sink.grpcEndpoint,
    LLM_OTEL_PROMETHEUS_OTLP_ENDPOINT: `${sink.httpUrl}/api/v1/otlp/v1/metrics`,
    LLM_OTEL_LOG_LEVEL: 'warn',
  });
  try {
    await waitUntil(proc, 'OTLP/HTTP receiver', async () => {
      const res = await fetch(`http://127.0.0.1:${http}/v1/traces`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-protobuf' },
        body: new Uint8Array(0),
      });
      await res.arrayBuffer();
      return res.ok || res.status === 400;
    });
    const payload = new Uint8Array(body); // an ArrayBuffer-backed copy, which fetch's types accept
    let accepted = 0;
    let counting = false;
    let stop = false;
    const loop = async (): Promise<void> => {
      while (!stop) {
        const res = await fetch(`http://127.0.0.1:${http}/v1/traces`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-protobuf' },
          body: payload,
        });
        await res.arrayBuffer();
        if (res.ok && counting) accepted += SPANS_PER_REQUEST;
      }
    };
    const loops = Array.from({ length: CONCURRENCY }, () => loop());
    await new Promise(r => setTimeout(r, 2000)); // warm-up
    counting = true;
    const started = performance.now();
    await new Promise(r => setTimeout(r, SECONDS * 1000));
    counting = false;
    const elapsed = (performance.now() - started) / 1000;
    stop = true;
    await Promise.all(loops);
    return accepted / elapsed;
  } finally {
    await proc.stop();
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function main(): Promise<void> {
  // The load generator (this process) stays off the Collector's CPU.
  execFileSync('sh', [
    '-c',
    `command -v taskset >/dev/null && taskset -a -p -c 1 ${process.pid} >/dev/null || true`,
  ]);
  const body = requestBody();
  const sink = await startOtlpSink();
  const results: Record<string, number[]> = Object.fromEntries(
    Object.keys(CONFIGS).map(k => [k, []]),
  );
  try {
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, config] of Object.entries(CONFIGS)) {
        results[name]!.push(await measure(config, body, sink));
      }
    }
  } finally {
    await sink.close();
  }
  console.log(
    `spans/s through the Collector, GOMAXPROCS=1 on one CPU, ${SPANS_PER_REQUEST} spans/request, ${CONCURRENCY} concurrent senders, median of ${ROUNDS} × ${SECONDS}s`,
  );
  for (const [name, xs] of Object.entries(results)) {
    console.log(
      `  ${name.padEnd(20)} ${Math.round(median(xs)).toString().padStart(8)} spans/s   (runs: ${xs.map(x => Math.round(x)).join(', ')})`,
    );
  }
  const ours = median(results['llm-otel pipeline']!);
  const base = median(results['OTLP pass-through']!);
  console.log(
    `  ratio                ${(ours / base).toFixed(2)} of pass-through`,
  );
}

await main();
