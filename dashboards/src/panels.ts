// Builders for the Grafana panel JSON we use (Grafana 11+ schema: timeseries, stat,
// bargauge, table, row). Each returns a plain object; layout() assigns ids and grid positions.
import { JAEGER, PROMETHEUS } from './datasources.js';
import type { DatasourceRef } from './datasources.js';

export interface ThresholdStep {
  readonly color: string;
  readonly value: number | null;
}

export interface PromTarget {
  readonly refId: string;
  readonly datasource: DatasourceRef;
  readonly expr: string;
  readonly legendFormat: string;
  readonly editorMode: 'code';
  readonly range: boolean;
  readonly instant: boolean;
  readonly exemplar: boolean;
  readonly format: 'time_series' | 'table' | 'heatmap';
}

export interface JaegerTarget {
  readonly refId: string;
  readonly datasource: DatasourceRef;
  readonly queryType: 'search';
  readonly service: string;
  /** logfmt, exact matches only (Jaeger has no negation or regex). */
  readonly tags: string;
  readonly limit: number;
}

export type Target = PromTarget | JaegerTarget;

/** A panel before layout: width and height in grid units. */
export interface PanelSpec {
  readonly w: number;
  readonly h: number;
  readonly json: Record<string, unknown>;
}

export interface QueryOptions {
  /** Legend template, e.g. '{{feature}}'. */
  readonly legend?: string;
  /** Ask Prometheus for exemplars (raw llm_duration_seconds_bucket only). */
  readonly exemplar?: boolean;
  /** Instant query (stat/table/bargauge over the dashboard range). */
  readonly instant?: boolean;
  readonly format?: PromTarget['format'];
}

/** A PromQL query against the provisioned Prometheus. */
export function prom(
  expr: string,
  options: QueryOptions = {},
): Omit<PromTarget, 'refId'> {
  const instant = options.instant ?? false;
  return {
    datasource: PROMETHEUS,
    expr,
    legendFormat: options.legend ?? '__auto',
    editorMode: 'code',
    range: !instant,
    instant,
    exemplar: options.exemplar ?? false,
    format: options.format ?? (instant ? 'table' : 'time_series'),
  };
}

/** A trace search of one service in the provisioned Jaeger. */
export function jaegerSearch(
  service: string,
  tags: string,
  limit = 20,
): Omit<JaegerTarget, 'refId'> {
  return {
    datasource: JAEGER,
    queryType: 'search',
    service,
    tags,
    limit,
  };
}

function withRefIds(targets: readonly Omit<Target, 'refId'>[]): Target[] {
  return targets.map(
    (t, i) => ({ refId: String.fromCharCode(65 + i), ...t }) as Target,
  );
}

export const PERCENT_OK: readonly ThresholdStep[] = [
  { color: 'red', value: null },
  { color: 'orange', value: 0.95 },
  { color: 'green', value: 0.99 },
];

export interface FieldOptions {
  readonly unit?: string;
  readonly thresholds?: readonly ThresholdStep[];
  readonly min?: number;
  readonly max?: number;
  readonly decimals?: number;
}

function fieldDefaults(
  o: FieldOptions,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    unit: o.unit ?? 'short',
    ...(o.min === undefined ? {} : { min: o.min }),
    ...(o.max === undefined ? {} : { max: o.max }),
    ...(o.decimals === undefined ? {} : { decimals: o.decimals }),
    thresholds: {
      mode: 'absolute',
      steps: o.thresholds ?? [{ color: 'green', value: null }],
    },
    ...extra,
  };
}

interface PanelBase {
  readonly title: string;
  readonly description: string;
  readonly w?: number;
  readonly h?: number;
}

/** A line chart over time. */
export function timeseries(
  p: PanelBase &
    FieldOptions & {
      readonly targets: readonly Omit<Target, 'refId'>[];
      readonly stack?: boolean;
      /** Draw the thresholds as dashed lines. */
      readonly showThresholds?: boolean;
    },
): PanelSpec {
  return {
    w: p.w ?? 12,
    h: p.h ?? 8,
    json: {
      type: 'timeseries',
      title: p.title,
      description: p.description,
      datasource: PROMETHEUS,
      fieldConfig: {
        defaults: fieldDefaults(p, {
          color: { mode: 'palette-classic' },
          custom: {
            drawStyle: 'line',
            lineWidth: 1,
            fillOpacity: p.stack === true ? 40 : 10,
            showPoints: 'never',
            spanNulls: false,
            stacking: {
              mode: p.stack === true ? 'normal' : 'none',
              group: 'A',
            },
            thresholdsStyle: {
              mode: p.showThresholds === true ? 'dashed' : 'off',
            },
          },
        }),
        overrides: [],
      },
      options: {
        legend: {
          displayMode: 'table',
          placement: 'right',
          calcs: ['lastNotNull', 'max'],
          showLegend: true,
        },
        tooltip: { mode: 'multi', sort: 'desc' },
      },
      targets: withRefIds(p.targets),
    },
  };
}

/** One big number, coloured by thresholds. */
export function stat(
  p: PanelBase & FieldOptions & { readonly target: Omit<PromTarget, 'refId'> },
): PanelSpec {
  return {
    w: p.w ?? 4,
    h: p.h ?? 5,
    json: {
      type: 'stat',
      title: p.title,
      description: p.description,
      datasource: PROMETHEUS,
      fieldConfig: {
        defaults: fieldDefaults(p, { color: { mode: 'thresholds' } }),
        overrides: [],
      },
      options: {
        reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false },
        colorMode: 'background',
        graphMode: 'area',
        justifyMode: 'auto',
        textMode: 'auto',
        orientation: 'auto',
      },
      targets: withRefIds([p.target]),
    },
  };
}

/** Horizontal bars, one per series, coloured by thresholds. */
export function bargauge(
  p: PanelBase &
    FieldOptions & { readonly targets: readonly Omit<PromTarget, 'refId'>[] },
): PanelSpec {
  return {
    w: p.w ?? 12,
    h: p.h ?? 8,
    json: {
      type: 'bargauge',
      title: p.title,
      description: p.description,
      datasource: PROMETHEUS,
      fieldConfig: {
        defaults: fieldDefaults(p, { color: { mode: 'thresholds' } }),
        overrides: [],
      },
      options: {
        reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false },
        orientation: 'horizontal',
        displayMode: 'gradient',
        showUnfilled: true,
        valueMode: 'color',
        namePlacement: 'auto',
        sizing: 'auto',
      },
      targets: withRefIds(p.targets),
    },
  };
}

export interface TableColumn {
  /** Column title. */
  readonly name: string;
  readonly unit: string;
  readonly target: Omit<PromTarget, 'refId'>;
}

/**
 * A table with one row per label set and one column per instant query (joined
 * by Grafana's merge transformation).
 */
export function table(
  p: PanelBase & {
    readonly labels: readonly string[];
    readonly columns: readonly TableColumn[];
  },
): PanelSpec {
  const targets = withRefIds(p.columns.map(c => c.target));
  const valueName = (refId: string): string => `Value #${refId}`;
  return {
    w: p.w ?? 24,
    h: p.h ?? 10,
    json: {
      type: 'table',
      title: p.title,
      description: p.description,
      datasource: PROMETHEUS,
      fieldConfig: {
        defaults: {
          custom: { align: 'auto', cellOptions: { type: 'auto' } },
          unit: 'short',
        },
        overrides: p.columns.map((c, i) => ({
          matcher: { id: 'byName', options: valueName(targets[i]!.refId) },
          properties: [
            { id: 'unit', value: c.unit },
            { id: 'displayName', value: c.name },
          ],
        })),
      },
      options: {
        showHeader: true,
        cellHeight: 'sm',
        footer: { show: false, reducer: ['sum'], fields: '' },
      },
      transformations: [
        { id: 'merge', options: {} },
        {
          id: 'organize',
          options: {
            excludeByName: { Time: true },
            indexByName: Object.fromEntries(
              [...p.labels, ...targets.map(t => valueName(t.refId))].map(
                (n, i) => [n, i],
              ),
            ),
          },
        },
      ],
      targets,
    },
  };
}

/** A table of the traces found by Jaeger searches, merged into one table. */
export function traceTable(
  p: PanelBase & { readonly targets: readonly Omit<JaegerTarget, 'refId'>[] },
): PanelSpec {
  return {
    w: p.w ?? 24,
    h: p.h ?? 9,
    json: {
      type: 'table',
      title: p.title,
      description: p.description,
      datasource: JAEGER,
      fieldConfig: { defaults: {}, overrides: [] },
      options: { showHeader: true },
      transformations: [{ id: 'merge', options: {} }],
      targets: withRefIds(p.targets),
    },
  };
}

/** A full-width section header. */
export function row(title: string): PanelSpec {
  return {
    w: 24,
    h: 1,
    json: { type: 'row', title, collapsed: false, panels: [] },
  };
}
