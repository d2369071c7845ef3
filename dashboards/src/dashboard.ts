// A whole Grafana dashboard: fixed uid, the shared variables, links to the other
// llm-otel dashboards, and panels laid out left to right, top to bottom.
import type { PanelSpec } from './panels.js';
import { VARIABLES } from './variables.js';

export interface DashboardSpec {
  /** Stable uid: links and bookmarks survive re-provisioning. */
  readonly uid: string;
  readonly title: string;
  readonly description: string;
  readonly panels: readonly PanelSpec[];
}

/** Assigns ids (1, 2, ...) and grid positions: fill 24 columns, then wrap. */
function layout(panels: readonly PanelSpec[]): Record<string, unknown>[] {
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  return panels.map((p, i) => {
    if (x + p.w > 24 || p.json['type'] === 'row') {
      y += rowHeight;
      x = 0;
      rowHeight = 0;
    }
    const gridPos = { h: p.h, w: p.w, x, y };
    x += p.w;
    rowHeight = Math.max(rowHeight, p.h);
    if (p.json['type'] === 'row') {
      y += p.h;
      x = 0;
      rowHeight = 0;
    }
    return { id: i + 1, gridPos, ...p.json };
  });
}

/** The dashboard JSON Grafana's file provider loads. */
export function dashboard(spec: DashboardSpec): Record<string, unknown> {
  return {
    uid: spec.uid,
    title: spec.title,
    description: spec.description,
    tags: ['llm-otel'],
    editable: true,
    graphTooltip: 1,
    schemaVersion: 41,
    version: 1,
    refresh: '30s',
    time: { from: 'now-1h', to: 'now' },
    timepicker: {},
    timezone: 'browser',
    fiscalYearStartMonth: 0,
    liveNow: false,
    weekStart: '',
    annotations: {
      list: [
        {
          builtIn: 1,
          datasource: { type: 'grafana', uid: '-- Grafana --' },
          enable: true,
          hide: true,
          iconColor: 'rgba(0, 211, 255, 1)',
          name: 'Annotations & Alerts',
          type: 'dashboard',
        },
      ],
    },
    links: [
      {
        title: 'llm-otel dashboards',
        type: 'dashboards',
        tags: ['llm-otel'],
        asDropdown: true,
        includeVars: true,
        keepTime: true,
        icon: 'external link',
        targetBlank: false,
        tooltip: '',
        url: '',
      },
    ],
    templating: { list: VARIABLES },
    panels: layout(spec.panels),
  };
}
