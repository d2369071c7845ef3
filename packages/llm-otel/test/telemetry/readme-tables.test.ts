// The README's attribute and metric tables must match the code: regenerate
// them with `node --import tsx scripts/readme-tables.ts` after changing names.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  ATTRIBUTE_DOCS,
  generatedSections,
  section,
} from '../../scripts/readme-tables.js';
import * as semconv from '../../src/telemetry/semconv.js';

const readme = readFileSync(
  new URL('../../README.md', import.meta.url),
  'utf8',
);

/** Prettier pads table cells: compare modulo that padding. */
function normalise(text: string): string {
  return text
    .split('\n')
    .map(line => line.trim().replace(/\s+/g, ' ').replace(/-{3,}/g, '---'))
    .join('\n');
}

void describe('README tables', () => {
  for (const [name, body] of Object.entries(generatedSections())) {
    void it(`${name} table matches the code`, () => {
      const current = section(readme, name);
      assert.ok(current !== undefined, `README has a ${name} section`);
      assert.equal(normalise(current), normalise(body));
    });
  }

  void it('documents every span attribute name that semconv.ts defines', () => {
    const documented = new Set(ATTRIBUTE_DOCS.map(a => a.name));
    const defined = Object.entries(semconv)
      .filter(([key]) => key.startsWith('ATTR_'))
      .map(([, value]) => value as string)
      // Metric-only attributes are described with the metrics.
      .filter(v => v !== 'gen_ai.token.type' && v !== 'gen_ai.token.modality');
    assert.deepEqual(
      defined.filter(name => !documented.has(name)),
      [],
    );
  });

  void it('lists every metric name that semconv.ts defines', () => {
    const tables = section(readme, 'metrics') ?? '';
    const missing = Object.entries(semconv)
      .filter(([key]) => key.startsWith('METRIC_'))
      .map(([, value]) => value as string)
      .filter(name => !tables.includes(`\`${name}\``));
    assert.deepEqual(missing, []);
  });
});
