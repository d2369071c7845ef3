import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sdkSettingMessages } from '../../src/sdk/sdk-setting-messages.js';

void describe('sdkSettingMessages', () => {
  void it("makes the SDK's three protocol warnings one message that names the variable", () => {
    assert.deepEqual(
      sdkSettingMessages({ OTEL_EXPORTER_OTLP_PROTOCOL: 'garbage' }, [
        'Unsupported OTLP metrics protocol: "garbage". Using http/protobuf.',
        'Unsupported OTLP traces protocol: garbage. Using http/protobuf.',
        'Unsupported OTLP logs protocol: "garbage". Using http/protobuf.',
      ]),
      [
        'OTEL_EXPORTER_OTLP_PROTOCOL="garbage" is not http/protobuf, http/json or grpc; the SDK uses http/protobuf.',
      ],
    );
    assert.deepEqual(
      sdkSettingMessages(
        {
          OTEL_EXPORTER_OTLP_PROTOCOL: 'x',
          OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'y',
        },
        [
          'Unsupported OTLP metrics protocol: "x". Using http/protobuf.',
          'Unsupported OTLP traces protocol: y. Using http/protobuf.',
        ],
      ),
      [
        'OTEL_EXPORTER_OTLP_PROTOCOL="x" is not http/protobuf, http/json or grpc; the SDK uses http/protobuf.',
        'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL="y" is not http/protobuf, http/json or grpc; the SDK uses http/protobuf.',
      ],
    );
  });

  void it('names the endpoint variable the SDK could not parse, without repeating its value', () => {
    const said = [
      "Configuration: Could not parse environment-provided export URL: 'http//u:secret@c', falling back to undefined",
    ];
    assert.deepEqual(
      [
        sdkSettingMessages(
          { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http//u:secret@c' },
          said,
        ),
        sdkSettingMessages(
          { OTEL_EXPORTER_OTLP_ENDPOINT: 'http//u:secret@c' },
          said,
        ),
      ],
      [
        [
          'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is not a URL; the SDK passes over it for OTEL_EXPORTER_OTLP_ENDPOINT (else http://localhost:4318).',
        ],
        [
          'OTEL_EXPORTER_OTLP_ENDPOINT is not a URL; the SDK exports to http://localhost:4318 instead.',
        ],
      ],
    );
  });

  void it("drops the SDK's false warning for OTEL_TRACES_EXPORTER=none and its second line for an unknown exporter", () => {
    assert.deepEqual(
      [
        sdkSettingMessages({ OTEL_TRACES_EXPORTER: 'none' }, [
          'OTEL_TRACES_EXPORTER contains "none". SDK will not be initialized.',
        ]),
        sdkSettingMessages({ OTEL_TRACES_EXPORTER: 'jaeger' }, [
          'Unrecognized OTEL_TRACES_EXPORTER value: jaeger.',
          'Unable to set up trace exporter(s) due to invalid exporter and/or protocol values.',
        ]),
      ],
      [
        [],
        [
          'the OpenTelemetry SDK says: Unrecognized OTEL_TRACES_EXPORTER value: jaeger.',
        ],
      ],
    );
  });

  void it('passes other messages through as the SDK said them, once each', () => {
    assert.deepEqual(
      sdkSettingMessages({}, [
        'OTEL_BSP_MAX_QUEUE_SIZE (abc) is invalid, expected number greater than 0, using default.',
      ]),
      [
        'the OpenTelemetry SDK says: OTEL_BSP_MAX_QUEUE_SIZE (abc) is invalid, expected number greater than 0, using default.',
      ],
    );
  });
});
