// Writes the dashboard JSON files Grafana provisions (dashboards/*.json).
//   npx tsx dashboards/src/generate-dashboards.ts
// test/dashboards/dashboards-fresh.test.ts fails when the files are stale.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderDashboards } from './render-dashboards.js';

const DIR = fileURLToPath(new URL('..', import.meta.url));

for (const [file, json] of Object.entries(renderDashboards())) {
  writeFileSync(`${DIR}${file}`, json);
  console.log(`wrote dashboards/${file}`);
}
