import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { otelEnvProblems } from '../../src/sdk/otel-env-problems.js';

void describe('otelEnvProblems', () => {
  void it('says nothing of well-formed settings, or of none', () => {
    assert.deepEqual(
      otelEnvProblems({
        OTEL_RESOURCE_ATTRIBUTES:
          'deployment.environment=prod, service.version=1.2%2C3,',
        OTEL_EXPORTER_OTLP_HEADERS: 'authorization=Bearer abc==,x-team=llm',
        OTEL_EXPORTER_OTLP_ENDPOINT: 'https://collector:4318',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://tempo:4318/v1/traces',
      }),
      [],
    );
    assert.deepEqual(otelEnvProblems({}), []);
  });

  void it('names the resource entries that make the SDK ignore the whole variable', () => {
    assert.deepEqual(
      otelEnvProblems({
        OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment=prod,team,=x,a=b=c',
      }),
      [
        "OTEL_RESOURCE_ATTRIBUTES: entries 2, 3, 4 are not key=value (',' and '=' in keys and values must be percent-encoded); the SDK ignores the whole variable.",
      ],
    );
    assert.deepEqual(
      otelEnvProblems({ OTEL_RESOURCE_ATTRIBUTES: 'a=%E0%A4%A' }),
      [
        "OTEL_RESOURCE_ATTRIBUTES: entry 1 has a '%' that is not a percent-encoded byte; the SDK ignores the whole variable.",
      ],
    );
  });

  void it('names header entries with a bad percent-encoding, which the SDK drops, and an unknown OTEL_LOG_LEVEL', () => {
    assert.deepEqual(
      otelEnvProblems({
        OTEL_LOG_LEVEL: 'loud',
        OTEL_EXPORTER_OTLP_HEADERS: 'x-bad=%ZZ,x-ok=1,%zz=v',
      }),
      [
        'OTEL_LOG_LEVEL="loud" is not NONE, ERROR, WARN, INFO, DEBUG, VERBOSE, ALL; the SDK logs at INFO.',
        "OTEL_EXPORTER_OTLP_HEADERS: entries 1, 3 have a '%' that is not a percent-encoded byte; not sent.",
      ],
    );
    assert.deepEqual(otelEnvProblems({ OTEL_LOG_LEVEL: 'debug' }), []);
  });

  void it('names header entries that are not sent, never their text (it may be a secret)', () => {
    const problems = otelEnvProblems({
      OTEL_EXPORTER_OTLP_HEADERS: 'x-team=llm,sk-secret-token',
      OTEL_EXPORTER_OTLP_METRICS_HEADERS: 'api-key=,=v',
    });
    assert.deepEqual(problems, [
      'OTEL_EXPORTER_OTLP_HEADERS: entry 2 is not key=value; not sent.',
      'OTEL_EXPORTER_OTLP_METRICS_HEADERS: entries 1, 2 are not key=value; not sent.',
    ]);
    assert.ok(!problems.join('\n').includes('sk-secret-token'));
  });

  void it('names an endpoint the HTTP exporters cannot send to by its scheme alone, unless the signal speaks gRPC', () => {
    assert.deepEqual(
      otelEnvProblems({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'ftp://user:pass@collector',
        OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: 'file:///tmp/logs',
        OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: 'unix:///run/otel.sock',
        OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: 'grpc',
      }),
      [
        'OTEL_EXPORTER_OTLP_ENDPOINT has the scheme "ftp:", not http: or https:; the OTLP/HTTP exporter cannot send there.',
        'OTEL_EXPORTER_OTLP_LOGS_ENDPOINT has the scheme "file:", not http: or https:; the OTLP/HTTP exporter cannot send there.',
      ],
    );
    // Not a URL at all: the SDK says so itself (sdk-setting-warnings.ts).
    assert.deepEqual(
      otelEnvProblems({ OTEL_EXPORTER_OTLP_ENDPOINT: 'not a url' }),
      [],
    );
    // Every signal on gRPC: not for the HTTP exporters to judge.
    assert.deepEqual(
      otelEnvProblems({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'dns:///collector:4317',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
      }),
      [],
    );
  });
});
