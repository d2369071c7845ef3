// The set-up most integration suites share: @x/mock-llm on loopback and our
// recorder on in-memory providers, reset before every test. Registers its
// node:test hooks when called, at the top of a test file. `started` runs once
// both are up: build SDK clients there, after capture is installed, as under
// register.
import { after, before, beforeEach } from 'node:test';
import { startMockLlm } from '../../../mock-llm/src/index.js';
import type { MockLlm, MockLlmOptions } from '../../../mock-llm/src/index.js';
import { setUpTelemetry } from './telemetry-setup.js';
import type { Telemetry } from './telemetry-setup.js';

export interface MockLlmTelemetry {
  readonly mock: MockLlm;
  readonly telemetry: Telemetry;
  /** Runs `run` with the recorder removed, then puts it back. */
  withoutRecorder<T>(run: () => Promise<T>): Promise<T>;
}

export function useMockLlmTelemetry(
  options: MockLlmOptions = {},
  started?: () => void,
): MockLlmTelemetry {
  let mock: MockLlm | undefined;
  let telemetry: Telemetry | undefined;
  before(async () => {
    mock = await startMockLlm(options);
    telemetry = setUpTelemetry();
    started?.();
  });
  after(async () => {
    await telemetry?.stop();
    await mock?.close();
  });
  beforeEach(async () => {
    mock?.reset();
    await telemetry?.reset();
  });
  const up = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('used before its before() hook');
    return value;
  };
  return {
    get mock() {
      return up(mock);
    },
    get telemetry() {
      return up(telemetry);
    },
    async withoutRecorder(run) {
      await up(telemetry).stop();
      try {
        return await run();
      } finally {
        telemetry = setUpTelemetry();
      }
    },
  };
}
