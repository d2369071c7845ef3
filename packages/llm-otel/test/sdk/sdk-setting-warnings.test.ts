import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DiagLogLevel, diag } from '@opentelemetry/api';
import type { DiagLogger } from '@opentelemetry/api';
import { collectSdkSettingWarnings } from '../../src/sdk/sdk-setting-warnings.js';

function recordingLogger(seen: string[]): DiagLogger {
  const note = (message: string): void => void seen.push(message);
  return { error: note, warn: note, info: note, debug: note, verbose: note };
}

void describe('collectSdkSettingWarnings', () => {
  void it('collects what the SDK warns of while it reads its settings, each once, and uninstalls its logger', () => {
    const warnings = collectSdkSettingWarnings({});
    diag.warn("Unknown value 'x' for OTEL_BSP_SCHEDULE_DELAY");
    diag.error('Unsupported OTLP traces protocol: grpcx.');
    diag.warn("Unknown value 'x' for OTEL_BSP_SCHEDULE_DELAY");
    diag.info('starting');
    diag.debug('detail');
    assert.deepEqual(warnings.stop(), [
      "the OpenTelemetry SDK says: Unknown value 'x' for OTEL_BSP_SCHEDULE_DELAY",
      'the OpenTelemetry SDK says: Unsupported OTLP traces protocol: grpcx.',
    ]);
    // Uninstalled: a later warning goes nowhere, and stop() says nothing more.
    diag.warn('after');
    assert.deepEqual(warnings.stop(), []);
  });

  void it('leaves the SDK to the diag logger that OTEL_LOG_LEVEL sets up', () => {
    const warnings = collectSdkSettingWarnings({ OTEL_LOG_LEVEL: 'warn' });
    diag.warn('Unsupported OTLP traces protocol: grpcx.');
    assert.deepEqual(warnings.stop(), []);
  });

  void it('does not interfere with a diag logger the app installed: it keeps every message', () => {
    const seen: string[] = [];
    diag.setLogger(recordingLogger(seen), DiagLogLevel.WARN);
    try {
      const warnings = collectSdkSettingWarnings({});
      diag.warn('Unsupported OTLP traces protocol: grpcx.');
      assert.deepEqual(warnings.stop(), []);
      diag.warn('later');
      assert.deepEqual(seen, [
        'Unsupported OTLP traces protocol: grpcx.',
        'later',
      ]);
    } finally {
      diag.disable();
    }
  });

  void it('keeps at most 20 distinct messages', () => {
    const warnings = collectSdkSettingWarnings({});
    for (let i = 0; i < 50; i++) diag.warn(`bad setting ${i}`);
    const messages = warnings.stop();
    assert.deepEqual(
      messages,
      Array.from(
        { length: 20 },
        (_, i) => `the OpenTelemetry SDK says: bad setting ${i}`,
      ),
    );
  });
});
