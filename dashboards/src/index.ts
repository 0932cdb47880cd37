// @loadlens/dashboards: the Grafana dashboards, built in TypeScript and committed as JSON under grafana/.
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { buildBottlenecksDashboard } from './bottlenecks-dashboard.ts';
import { buildLoadRunDashboard } from './load-run-dashboard.ts';
import { buildServiceSpanmetricsDashboard } from './service-spanmetrics-dashboard.ts';

export type { PanelQueryRef, VariableValues } from './dashboard-queries.ts';
export { dashboardQueries, substituteVariables } from './dashboard-queries.ts';
export { buildBottlenecksDashboard, buildLoadRunDashboard, buildServiceSpanmetricsDashboard };

export interface DashboardFile {
  /** File name under dashboards/grafana/. */
  file: string;
  build: () => Dashboard;
}

export const DASHBOARD_FILES: readonly DashboardFile[] = [
  { file: 'load-run.json', build: buildLoadRunDashboard },
  { file: 'bottlenecks.json', build: buildBottlenecksDashboard },
  { file: 'service-spanmetrics.json', build: buildServiceSpanmetricsDashboard },
];

/** The JSON text written for a dashboard (the SDK model, with ids assigned in panel order). */
export function dashboardJson(dashboard: Dashboard): string {
  let id = 1;
  const panels = (dashboard.panels ?? []).map((panel) => ({ ...panel, id: id++ }));
  return `${JSON.stringify({ ...dashboard, panels }, null, 2)}\n`;
}
