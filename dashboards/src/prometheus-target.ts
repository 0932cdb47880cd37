// Prometheus queries and template variables shared by the loadlens dashboards.
import type { DataSourceRef } from '@grafana/grafana-foundation-sdk/common';
import {
  DatasourceVariableBuilder,
  QueryVariableBuilder,
  VariableRefresh,
  VariableSort,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { DataqueryBuilder } from '@grafana/grafana-foundation-sdk/prometheus';

/** Every panel queries the datasource picked in the `datasource` variable, so the dashboards work on any Prometheus. */
// biome-ignore lint/suspicious/noTemplateCurlyInString: a Grafana variable reference, not a JS template.
export const PROMETHEUS: DataSourceRef = { type: 'prometheus', uid: '${datasource}' };

/** The uid that dashboards/provisioning/datasources/loadlens.yaml gives the Prometheus datasource. */
export const PROVISIONED_PROMETHEUS_UID = 'loadlens-prometheus';

/** One PromQL query of a panel; `legend` is Grafana's legend format (`{{label}}`). */
export interface PanelQuery {
  expr: string;
  legend: string;
  /** An instant query (a table or bar gauge of the current value), not a range. */
  instant?: boolean;
}

export function prometheusTarget(query: PanelQuery, refId: string): DataqueryBuilder {
  const target = new DataqueryBuilder()
    .datasource(PROMETHEUS)
    .expr(query.expr)
    .legendFormat(query.legend)
    .refId(refId);
  return query.instant ? target.instant() : target.range();
}

export function datasourceVariable(): DatasourceVariableBuilder {
  return new DatasourceVariableBuilder('datasource')
    .label('Prometheus')
    .type('prometheus')
    .current({ text: 'Prometheus', value: PROVISIONED_PROMETHEUS_UID, selected: true });
}

/**
 * A multi-value variable over one label of one metric, "All" matching everything (`.*`), so panels
 * filter with `label=~"$name"`.
 * @example labelVariable('operation', 'Operation', 'loadlens_load_target_rate')
 */
export function labelVariable(name: string, label: string, metric: string): QueryVariableBuilder {
  const query = `label_values(${metric}, ${name})`;
  return new QueryVariableBuilder(name)
    .label(label)
    .datasource(PROMETHEUS)
    .query({ query, refId: 'PrometheusVariableQueryEditor-VariableQuery', qryType: 1 })
    .definition(query)
    .refresh(VariableRefresh.OnTimeRangeChanged)
    .sort(VariableSort.AlphabeticalAsc)
    .multi(true)
    .includeAll(true)
    .allValue('.*')
    .current({ text: 'All', value: '$__all', selected: true });
}
