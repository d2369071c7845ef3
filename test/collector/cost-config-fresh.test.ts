import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import {
  COLLECTOR_CONFIG,
  generateCostConfig,
  loadShippedPriceTable,
} from '../../collector/prices/generate-cost-config.js';

void test('collector/otelcol.yaml carries the cost statements generated from collector/prices (not stale)', () => {
  const current = readFileSync(COLLECTOR_CONFIG, 'utf8');
  assert.equal(
    generateCostConfig(current, loadShippedPriceTable()),
    current,
    'stale: run npx tsx collector/prices/generate-cost-config.ts',
  );
});

void test('a price change makes the shipped config stale (the check can fail)', () => {
  const current = readFileSync(COLLECTOR_CONFIG, 'utf8');
  const table = loadShippedPriceTable();
  const changed = {
    ...table,
    providers: table.providers.map((p, i) =>
      i === 0
        ? {
            ...p,
            models: [
              { ...p.models[0]!, input: p.models[0]!.input + 1 },
              ...p.models.slice(1),
            ],
          }
        : p,
    ),
  };
  assert.notEqual(generateCostConfig(current, changed), current);
});
