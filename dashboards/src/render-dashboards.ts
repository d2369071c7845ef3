// The dashboard files and their exact JSON text, keyed by file name.
import { cost } from './cost.js';
import { featureModel } from './feature-model.js';
import { goldenSignals } from './golden-signals.js';
import { reliability } from './reliability.js';

export function renderDashboards(): Record<string, string> {
  const all = {
    'llm-golden-signals.json': goldenSignals,
    'llm-feature-model.json': featureModel,
    'llm-cost.json': cost,
    'llm-reliability.json': reliability,
  };
  return Object.fromEntries(
    Object.entries(all).map(([file, d]) => [
      file,
      `${JSON.stringify(d, null, 2)}\n`,
    ]),
  );
}
