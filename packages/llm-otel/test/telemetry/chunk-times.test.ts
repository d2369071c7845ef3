import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ChunkTimes } from '../../src/telemetry/chunk-times.js';

function recording(): { series: { record(v: number): void }; got: number[] } {
  const got: number[] = [];
  return { series: { record: v => got.push(v) }, got };
}

void describe('ChunkTimes', () => {
  void it('notes the first chunk, and records each later gap in seconds once the series is known', () => {
    const { series, got } = recording();
    let known = false;
    const times = new ChunkTimes(() => (known ? series : undefined));
    times.arrived(1, 100);
    times.arrived(1, 104);
    times.arrived(1, 110);
    const heldBefore = [...times.heldGaps];
    known = true;
    times.arrived(1, 112);
    assert.deepStrictEqual(
      {
        firstAt: times.firstAt,
        heldBefore,
        recorded: got,
        heldAfter: times.heldGaps,
      },
      {
        firstAt: 100,
        heldBefore: [0.004, 0.006],
        recorded: [0.004, 0.006, 0.002],
        heldAfter: [],
      },
    );
  });

  void it('counts chunks completed in one read as arriving together (gap 0)', () => {
    const { series, got } = recording();
    const times = new ChunkTimes(() => series);
    times.arrived(3, 50);
    times.arrived(2, 53);
    assert.deepStrictEqual([times.firstAt, got], [50, [0, 0, 0.003, 0]]);
  });

  void it('holds at most 100,000 gaps while the series is unknown', () => {
    const times = new ChunkTimes(() => undefined);
    times.arrived(100_005, 1);
    assert.deepStrictEqual(
      [times.heldGaps.length, times.heldGaps[0]],
      [100_000, 0],
    );
  });

  void it('has no first chunk before one arrived', () => {
    const times = new ChunkTimes(() => undefined);
    assert.deepStrictEqual([times.firstAt, times.heldGaps], [undefined, []]);
  });
});
