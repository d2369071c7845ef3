import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import {
  otlpEndpointsRefused,
  otlpHttpEndpoints,
} from '../../src/sdk/otlp-endpoints-refused.js';

function listen(server: Server): Promise<number> {
  return new Promise(resolve =>
    server.listen(0, '127.0.0.1', () =>
      resolve((server.address() as AddressInfo).port),
    ),
  );
}

void describe('otlpHttpEndpoints', () => {
  void it('reads the endpoints the OTLP/HTTP exporters use, one per host and port', () => {
    assert.deepEqual(otlpHttpEndpoints({}), [
      { host: 'localhost', port: 4318 },
    ]);
    assert.deepEqual(
      otlpHttpEndpoints({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'https://collector.example.com/',
        OTEL_EXPORTER_OTLP_METRICS_ENDPOINT:
          'http://[::1]:9090/api/v1/otlp/v1/metrics',
        OTEL_LOGS_EXPORTER: 'none',
      }),
      [
        { host: 'collector.example.com', port: 443 },
        { host: '::1', port: 9090 },
      ],
    );
  });

  void it('judges nothing unless every signal exports over OTLP/HTTP', () => {
    assert.deepEqual(
      [
        otlpHttpEndpoints({ OTEL_TRACES_EXPORTER: 'console' }),
        otlpHttpEndpoints({ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }),
        otlpHttpEndpoints({ OTEL_EXPORTER_OTLP_ENDPOINT: 'ftp://c' }),
        otlpHttpEndpoints({
          OTEL_TRACES_EXPORTER: 'none',
          OTEL_METRICS_EXPORTER: 'none',
          OTEL_LOGS_EXPORTER: 'none',
        }),
      ],
      [undefined, undefined, undefined, []],
    );
  });

  void it('follows the SDK past a bad setting: an endpoint that is not a URL, a protocol it does not know', () => {
    assert.deepEqual(
      [
        otlpHttpEndpoints({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'not a url' }),
        otlpHttpEndpoints({
          OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318',
          OTEL_EXPORTER_OTLP_PROTOCOL: 'garbage',
        }),
      ],
      [[{ host: 'localhost', port: 4318 }], [{ host: 'c', port: 4318 }]],
    );
  });
});

void describe('otlpEndpointsRefused', () => {
  void it('is true only when every endpoint refuses; a listening or silent one is not refused', async () => {
    const sockets: Socket[] = [];
    const silent = createServer(s => sockets.push(s));
    const silentPort = await listen(silent);
    const closed = createServer();
    const closedPort = await listen(closed);
    await new Promise<void>(r => closed.close(() => r()));
    try {
      const base = (port: number) => ({
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`,
      });
      assert.deepEqual(
        [
          await otlpEndpointsRefused(base(closedPort)),
          await otlpEndpointsRefused(base(silentPort)),
          await otlpEndpointsRefused({
            ...base(closedPort),
            OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: `http://127.0.0.1:${silentPort}/v1/metrics`,
          }),
          await otlpEndpointsRefused({ OTEL_TRACES_EXPORTER: 'console' }),
        ],
        [true, false, false, false],
      );
    } finally {
      for (const s of sockets) s.destroy();
      silent.close();
    }
  });
});
