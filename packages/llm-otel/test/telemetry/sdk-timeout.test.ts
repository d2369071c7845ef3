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

  void it('takes an abort at 10 minutes as the default timeout of a Stainless SDK that announces none', () => {
    const sdk = { 'x-stainless-retry-count': '0' };
    assert.deepEqual(
      [
        abortWasSdkTimeout(sdk, 600_003),
        abortWasSdkTimeout(sdk, 30_000), // a client-level timeout: unknown
        abortWasSdkTimeout({}, 600_003), // not a Stainless SDK
      ],
      [true, false, false],
    );
  });

  void it('takes an abort inside the second before the announced one as the Google SDK timeout', () => {
    const cases: [Record<string, string>, number][] = [
      [{ 'x-server-timeout': '30' }, 30_000.2], // a 30 s timeout, on time
      [{ 'x-server-timeout': '30' }, 29_200], // 29.2 s, rounded up to 30
      [{ 'x-server-timeout': '30' }, 30_900], // a late timer
      [{ 'x-server-timeout': '30' }, 28_500], // the app cancelled earlier
      [{ 'x-server-timeout': '30' }, 32_000], // the app cancelled later
      [{ 'x-server-timeout': '1' }, 400], // at 1 any early cancel would match
      [{ 'x-server-timeout': '2s' }, 2000],
    ];
    assert.deepEqual(
      cases.map(([headers, elapsed]) => abortWasSdkTimeout(headers, elapsed)),
      [true, true, true, false, false, false, false],
    );
  });
});
