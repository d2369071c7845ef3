import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  otlpExportTarget,
  otlpSignalUrl,
} from '../../src/sdk/otlp-export-target.js';

const otlpTraceTarget = (env: Record<string, string>) =>
  otlpExportTarget(env, 'TRACES');
const otlpTracesUrl = (env: Record<string, string>) =>
  otlpSignalUrl(env, 'TRACES');

void describe('otlpSignalUrl', () => {
  void it('builds the trace endpoint as the OTLP/HTTP exporter does', () => {
    assert.deepEqual(
      [
        otlpTracesUrl({}),
        otlpTracesUrl({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' }),
        otlpTracesUrl({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318/otlp/' }),
        otlpTracesUrl({
          OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318',
          OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://t:4318/custom',
        }),
      ],
      [
        'http://localhost:4318/v1/traces',
        'http://c:4318/v1/traces',
        'http://c:4318/otlp/v1/traces',
        'http://t:4318/custom',
      ],
    );
  });

  void it('passes over a variable that is not a URL for the next, as the exporter does', () => {
    assert.deepEqual(
      [
        otlpTracesUrl({
          OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318',
          OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'not-a-url',
        }),
        otlpTracesUrl({ OTEL_EXPORTER_OTLP_ENDPOINT: '://c:4318' }),
        otlpTracesUrl({
          OTEL_EXPORTER_OTLP_ENDPOINT: 'not a url',
          OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'also not',
        }),
      ],
      [
        'http://c:4318/v1/traces',
        'http://localhost:4318/v1/traces',
        'http://localhost:4318/v1/traces',
      ],
    );
  });
});

void describe('otlpExportTarget', () => {
  void it('reads each signal its own settings over the shared ones', () => {
    const env = {
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: 'http/protobuf',
      OTEL_EXPORTER_OTLP_METRICS_HEADERS: 'x-metrics=1',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://traces:4318/t',
    };
    assert.deepEqual(
      [otlpExportTarget(env, 'TRACES'), otlpExportTarget(env, 'METRICS')],
      [
        {
          url: 'http://traces:4318/t',
          protocol: 'http/json',
          headers: {},
          gzip: false,
          tls: {},
        },
        {
          url: 'http://collector:4318/v1/metrics',
          protocol: 'http/protobuf',
          headers: { 'x-metrics': '1' },
          gzip: false,
          tls: {},
        },
      ],
    );
    assert.equal(
      otlpExportTarget({ OTEL_METRICS_EXPORTER: 'prometheus' }, 'METRICS'),
      undefined,
    );
  });

  void it('reads protocol, headers and compression, the traces-only settings over the general ones', () => {
    assert.deepEqual(
      otlpTraceTarget({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_EXPORTER_OTLP_HEADERS: 'x-tenant=a%20b,authorization=Bearer%20t1',
        OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'authorization=Bearer%20t2',
        OTEL_EXPORTER_OTLP_COMPRESSION: 'none',
        OTEL_EXPORTER_OTLP_TRACES_COMPRESSION: 'gzip',
      }),
      {
        url: 'http://collector:4318/v1/traces',
        protocol: 'http/json',
        headers: { 'x-tenant': 'a b', authorization: 'Bearer t2' },
        gzip: true,
        tls: {},
      },
    );
  });

  void it('takes a protocol that is neither grpc nor http/json for http/protobuf, as the SDK does', () => {
    assert.deepEqual(
      [
        otlpTraceTarget({ OTEL_EXPORTER_OTLP_PROTOCOL: 'garbage' })?.protocol,
        otlpTraceTarget({ OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'HTTP/JSON' })
          ?.protocol,
        otlpExportTarget({ OTEL_EXPORTER_OTLP_PROTOCOL: 'x' }, 'METRICS')
          ?.protocol,
        otlpTraceTarget({ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }),
      ],
      ['http/protobuf', 'http/protobuf', 'http/protobuf', undefined],
    );
  });

  void it('defaults to http/protobuf on localhost, uncompressed', () => {
    assert.deepEqual(otlpTraceTarget({}), {
      url: 'http://localhost:4318/v1/traces',
      protocol: 'http/protobuf',
      headers: {},
      gzip: false,
      tls: {},
    });
  });

  void it('reads the certificate files for an https endpoint', () => {
    const dir = mkdtempSync(join(tmpdir(), 'llm-otel-tls-'));
    try {
      writeFileSync(join(dir, 'ca.pem'), 'CA PEM');
      writeFileSync(join(dir, 'client.pem'), 'CLIENT PEM');
      writeFileSync(join(dir, 'client.key'), 'KEY PEM');
      const target = otlpTraceTarget({
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://collector/v1/traces',
        OTEL_EXPORTER_OTLP_CERTIFICATE: join(dir, 'ca.pem'),
        OTEL_EXPORTER_OTLP_TRACES_CLIENT_CERTIFICATE: join(dir, 'client.pem'),
        OTEL_EXPORTER_OTLP_CLIENT_KEY: join(dir, 'client.key'),
      });
      assert.deepEqual(target?.tls, {
        ca: 'CA PEM',
        cert: 'CLIENT PEM',
        key: 'KEY PEM',
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  void it('has no target when traces do not go over OTLP/HTTP', () => {
    assert.deepEqual(
      [
        otlpTraceTarget({ OTEL_TRACES_EXPORTER: 'console' }),
        otlpTraceTarget({ OTEL_TRACES_EXPORTER: 'none' }),
        otlpTraceTarget({ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }),
        otlpTraceTarget({ OTEL_EXPORTER_OTLP_ENDPOINT: 'ftp://c' }),
        otlpTraceTarget({ OTEL_TRACES_EXPORTER: 'console, otlp' })?.url,
      ],
      [
        undefined,
        undefined,
        undefined,
        undefined,
        'http://localhost:4318/v1/traces',
      ],
    );
  });
});
