// Regenerates the price-table part of collector/otelcol.yaml:
//   npx tsx collector/prices/generate-cost-config.ts          (rewrite)
//   npx tsx collector/prices/generate-cost-config.ts --check  (exit 1 when stale)
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPriceTable, mergePriceTables } from './price-table.js';
import type { PriceTable } from './price-table.js';
import { renderCostStatements } from './render-cost-statements.js';

const BEGIN =
  '# BEGIN GENERATED from collector/prices (npx tsx collector/prices/generate-cost-config.ts)';
const END = '# END GENERATED';

export const PRICES_DIR = dirname(fileURLToPath(import.meta.url));
export const COLLECTOR_CONFIG = join(PRICES_DIR, '..', 'otelcol.yaml');

/** prices.json, with overrides.json (when present) put first so its entries win. */
export function loadShippedPriceTable(dir: string = PRICES_DIR): PriceTable {
  const overrides = join(dir, 'overrides.json');
  return mergePriceTables(
    loadPriceTable(join(dir, 'prices.json')),
    existsSync(overrides) ? loadPriceTable(overrides) : undefined,
  );
}

function yamlSingleQuoted(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** Replaces the generated block of a collector config, keeping the indentation of its BEGIN line. */
export function generateCostConfig(config: string, table: PriceTable): string {
  const lines = config.split('\n');
  const begin = lines.findIndex(l => l.trim() === BEGIN);
  const end = lines.findIndex((l, i) => i > begin && l.trim() === END);
  if (begin < 0 || end < 0)
    throw new Error(`collector config has no "${BEGIN}" ... "${END}" block`);
  const indent = lines[begin]!.slice(0, lines[begin]!.indexOf('#'));
  const body = renderCostStatements(table).flatMap(g => [
    `${indent}- context: span`,
    `${indent}  conditions:`,
    ...g.conditions.map(c => `${indent}    - ${yamlSingleQuoted(c)}`),
    `${indent}  statements:`,
    ...g.statements.map(s => `${indent}    - ${yamlSingleQuoted(s)}`),
  ]);
  return [...lines.slice(0, begin + 1), ...body, ...lines.slice(end)].join(
    '\n',
  );
}

function main(): void {
  const check = process.argv.includes('--check');
  const current = readFileSync(COLLECTOR_CONFIG, 'utf8');
  const next = generateCostConfig(current, loadShippedPriceTable());
  if (check) {
    if (next !== current) {
      console.error(
        'collector/otelcol.yaml is stale: run npx tsx collector/prices/generate-cost-config.ts',
      );
      process.exit(1);
    }
    return;
  }
  if (next !== current) writeFileSync(COLLECTOR_CONFIG, next);
}

if (
  process.argv[1] !== undefined &&
  fileURLToPath(import.meta.url) === process.argv[1]
)
  main();
