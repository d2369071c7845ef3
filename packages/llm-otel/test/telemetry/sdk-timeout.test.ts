import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { abortWasSdkTimeout } from '../../src/telemetry/sdk-timeout.js';

void describe('abortWasSdkTimeout', () => {
  void it('takes an abort inside the announced second as the SDK timeout', () => {
    const cases: [Record<string, string>, number][] = [
      [{ 'x-stainless-timeout': '2' }, 2000.4], // timer fired on time
      [{ 'x-stainless-timeout': '2' }, 2999], // timeout 2.999 s announced as 2
      [{ 'x-stainless-timeout': '2' }, 3500], // a late timer on a busy loop
      [{ 'x-stainless-timeout': '2' }, 1998], // a timer a hair early
      [{ 'x-stainless-timeout': '2' }, 1500], // the app cancelled earlier
      [{ 'x-stainless-timeout': '2' }, 4200], // the app cancelled much later
      [{ 'x-stainless-timeout': '0' }, 300], // sub-second timeouts say 0
      [{ 'x-stainless-timeout': 'soon' }, 2000],
      [{ 'x-stainless-timeout': '-2' }, 2000],
      [{}, 600_000], // no SDK announcement
    ];
    assert.deepEqual(
      cases.map(([headers, elapsed]) => abortWasSdkTimeout(headers, elapsed)),
      [true, true, true, true, false, false, false, false, false, false],
    );
  });
});
