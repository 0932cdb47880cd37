// Reads the PromQL back out of dashboard JSON and fills in Grafana's variables, so a test can run
// every panel's query against a real Prometheus.

export interface PanelQueryRef {
  dashboard: string;
  panel: string;
  refId: string;
  expr: string;
  instant: boolean;
}

interface PanelJson {
  title?: string;
  type?: string;
  targets?: { refId?: string; expr?: string; instant?: boolean }[];
  panels?: PanelJson[];
}

/** Every query of every panel (rows included) of a dashboard model. */
export function dashboardQueries(dashboard: { title?: string; panels?: unknown[] }): PanelQueryRef[] {
  const found: PanelQueryRef[] = [];
  const visit = function visitPanel(panel: PanelJson): void {
    for (const target of panel.targets ?? []) {
      if (typeof target.expr !== 'string') continue;
      found.push({
        dashboard: dashboard.title ?? '',
        panel: panel.title ?? '',
        refId: target.refId ?? '',
        expr: target.expr,
        instant: target.instant === true,
      });
    }
    for (const child of panel.panels ?? []) visit(child);
  };
  for (const panel of (dashboard.panels ?? []) as PanelJson[]) visit(panel);
  return found;
}

/** Values for Grafana's built-in interval variables and the dashboards' own ones ("All" = `.*`). */
export interface VariableValues {
  rateInterval: string;
  range: string;
  /** Custom variables by name; a missing one counts as "All". */
  custom?: Record<string, string>;
}

/**
 * Replaces `$__rate_interval`, `$__interval`, `$__range` and `$name` / `${name}` the way Grafana
 * would before sending the query.
 * @example substituteVariables('rate(x{op=~"$operation"}[$__rate_interval])', { rateInterval: '30s', range: '5m' })
 *   // 'rate(x{op=~".*"}[30s])'
 */
export function substituteVariables(expr: string, values: VariableValues): string {
  return expr
    .replaceAll('$__rate_interval', values.rateInterval)
    .replaceAll('$__interval', values.rateInterval)
    .replaceAll('$__range', values.range)
    .replace(/\$\{(\w+)\}|\$(\w+)/g, function customVariable(_match, braced?: string, bare?: string) {
      const name = (braced ?? bare) as string;
      return values.custom?.[name] ?? '.*';
    });
}
