// Reads the shipped dashboards and pulls out their queries, for the structural
// and the live-Prometheus tests.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DASHBOARD_DIR = fileURLToPath(
  new URL('../../dashboards/', import.meta.url),
);

export interface DashboardJson {
  uid: string;
  title: string;
  panels: PanelJson[];
  templating: { list: { name: string; query: { query: string } }[] };
}

export interface PanelJson {
  id: number;
  type: string;
  title: string;
  datasource?: { type: string; uid: string };
  gridPos: { h: number; w: number; x: number; y: number };
  targets?: {
    refId: string;
    datasource?: { type: string; uid: string };
    expr?: string;
    /** Jaeger search: service and logfmt tags. */
    service?: string;
    tags?: string;
  }[];
}

export interface PromQuery {
  readonly file: string;
  readonly panel: string;
  readonly refId: string;
  readonly expr: string;
}

/** Every dashboard JSON file in dashboards/, by file name. */
export function loadDashboards(): Map<string, DashboardJson> {
  const files = readdirSync(DASHBOARD_DIR)
    .filter(f => f.endsWith('.json'))
    .sort();
  return new Map(
    files.map(f => [
      f,
      JSON.parse(readFileSync(join(DASHBOARD_DIR, f), 'utf8')) as DashboardJson,
    ]),
  );
}

/** Every PromQL expression of every panel, and of every template variable. */
export function promQueries(
  dashboards: Map<string, DashboardJson>,
): PromQuery[] {
  const out: PromQuery[] = [];
  for (const [file, d] of dashboards) {
    for (const p of d.panels) {
      for (const t of p.targets ?? []) {
        if (t.datasource?.type === 'prometheus' && t.expr !== undefined) {
          out.push({ file, panel: p.title, refId: t.refId, expr: t.expr });
        }
      }
    }
  }
  return out;
}

/** Grafana's built-in variables and what the tests substitute for them. */
export const BUILTINS: Readonly<Record<string, string>> = {
  __rate_interval: '1m',
  __interval: '15s',
  __range: '1h',
};

/**
 * The query with every variable substituted as Grafana does for "All"
 * (allValue `.*`) and fixed windows for the built-ins.
 */
export function substitute(
  expr: string,
  vars: Readonly<Record<string, string>>,
): string {
  return expr.replace(/\$(__\w+|\w+)/g, (m, name: string) => {
    const value = BUILTINS[name] ?? vars[name];
    if (value === undefined)
      throw new Error(`unknown variable ${m} in ${expr}`);
    return value;
  });
}
