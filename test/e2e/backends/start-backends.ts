import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { backendBin } from './backend-bin-dir.js';
import { freePort } from './free-port.js';
import { httpOk, startProcess, waitUntil } from './managed-process.js';
import type { ManagedProcess } from './managed-process.js';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));

/** The config files docker-compose mounts; the tests run exactly these. */
export const SHIPPED_CONFIGS = {
  collector: join(REPO, 'collector', 'otelcol.yaml'),
  prometheus: join(REPO, 'collector', 'prometheus', 'prometheus.yml'),
  jaeger: join(REPO, 'collector', 'jaeger', 'jaeger.yaml'),
} as const;

export interface Backends {
  /** OTLP/HTTP base URL of the Collector (append /v1/traces, /v1/metrics). */
  readonly otlpHttpUrl: string;
  /** OTLP/gRPC host:port of the Collector. */
  readonly otlpGrpcEndpoint: string;
  /** Prometheus HTTP API base URL. */
  readonly prometheusUrl: string;
  /** Trace store query base URL (Jaeger v2 query service: /api/traces, /api/v3/traces). */
  readonly tracesQueryUrl: string;
  /** Environment for an app child process: OTEL_EXPORTER_OTLP_* pointing at the Collector. */
  readonly appEnv: Readonly<Record<string, string>>;
  /** Logs of the three processes, for assertion messages. */
  logs(): string;
  stop(): Promise<void>;
}

export interface StartBackendsOptions {
  /** Flush period of the Collector's span_metrics connector (default 1s for tests). */
  readonly metricsFlushInterval?: string;
  /** Extra environment for the Collector (the LLM_OTEL_* knobs of collector/otelcol.yaml). */
  readonly collectorEnv?: Readonly<Record<string, string>>;
}

/**
 * Starts Prometheus, Jaeger v2 and our Collector as local processes on free loopback
 * ports with the shipped config files, and waits until each is ready.
 * Always call stop() (it kills all three and removes the temp dir).
 */
export async function startBackends(
  options: StartBackendsOptions = {},
): Promise<Backends> {
  const dir = mkdtempSync(join(tmpdir(), 'llm-otel-e2e-'));
  const procs: ManagedProcess[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all(procs.map(p => p.stop()));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const [
      prom,
      jOtlpGrpc,
      jOtlpHttp,
      jQueryHttp,
      jQueryGrpc,
      cGrpc,
      cHttp,
      cHealth,
    ] = await Promise.all(Array.from({ length: 8 }, () => freePort()));
    const prometheusUrl = `http://127.0.0.1:${prom}`;
    const prometheus = startProcess('prometheus', backendBin('prometheus'), [
      `--config.file=${SHIPPED_CONFIGS.prometheus}`,
      `--storage.tsdb.path=${join(dir, 'prometheus')}`,
      `--web.listen-address=127.0.0.1:${prom}`,
      '--web.enable-otlp-receiver',
      '--enable-feature=exemplar-storage',
      '--log.level=warn',
    ]);
    procs.push(prometheus);

    const tracesQueryUrl = `http://127.0.0.1:${jQueryHttp}`;
    const jaeger = startProcess(
      'jaeger',
      backendBin('jaeger'),
      [`--config=${SHIPPED_CONFIGS.jaeger}`],
      {
        JAEGER_OTLP_GRPC_ENDPOINT: `127.0.0.1:${jOtlpGrpc}`,
        JAEGER_OTLP_HTTP_ENDPOINT: `127.0.0.1:${jOtlpHttp}`,
        JAEGER_QUERY_HTTP_ENDPOINT: `127.0.0.1:${jQueryHttp}`,
        JAEGER_QUERY_GRPC_ENDPOINT: `127.0.0.1:${jQueryGrpc}`,
      },
    );
    procs.push(jaeger);

    await waitUntil(prometheus, 'ready', () =>
      httpOk(`${prometheusUrl}/-/ready`),
    );
    await waitUntil(jaeger, 'ready', () =>
      httpOk(`${tracesQueryUrl}/api/services`),
    );

    const collector = startProcess(
      'otelcol',
      backendBin('otelcol-llm'),
      [`--config=${SHIPPED_CONFIGS.collector}`],
      {
        LLM_OTEL_OTLP_GRPC_ENDPOINT: `127.0.0.1:${cGrpc}`,
        LLM_OTEL_OTLP_HTTP_ENDPOINT: `127.0.0.1:${cHttp}`,
        LLM_OTEL_HEALTH_ENDPOINT: `127.0.0.1:${cHealth}`,
        LLM_OTEL_TRACES_ENDPOINT: `127.0.0.1:${jOtlpGrpc}`,
        LLM_OTEL_PROMETHEUS_OTLP_ENDPOINT: `${prometheusUrl}/api/v1/otlp/v1/metrics`,
        LLM_OTEL_METRICS_FLUSH_INTERVAL: options.metricsFlushInterval ?? '1s',
        LLM_OTEL_BATCH_TIMEOUT: '200ms',
        LLM_OTEL_COLLECTOR_ID: 'e2e-collector',
        ...options.collectorEnv,
      },
    );
    procs.push(collector);
    await waitUntil(collector, 'ready', () =>
      httpOk(`http://127.0.0.1:${cHealth}/`),
    );

    const otlpHttpUrl = `http://127.0.0.1:${cHttp}`;
    return {
      otlpHttpUrl,
      otlpGrpcEndpoint: `127.0.0.1:${cGrpc}`,
      prometheusUrl,
      tracesQueryUrl,
      appEnv: {
        OTEL_EXPORTER_OTLP_ENDPOINT: otlpHttpUrl,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
        OTEL_METRIC_EXPORT_INTERVAL: '1000',
        OTEL_BSP_SCHEDULE_DELAY: '200',
      },
      logs: () => procs.map(p => `--- ${p.name}\n${p.output()}`).join('\n'),
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
