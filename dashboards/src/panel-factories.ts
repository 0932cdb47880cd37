// The few panel shapes the loadlens dashboards use, so every dashboard reads the same way.
import { PanelBuilder as BarGaugePanelBuilder } from '@grafana/grafana-foundation-sdk/bargauge';
import {
  BigValueGraphMode,
  LegendDisplayMode,
  LegendPlacement,
  StackingConfigBuilder,
  StackingMode,
  VizLegendOptionsBuilder,
  VizOrientation,
} from '@grafana/grafana-foundation-sdk/common';
import { PanelBuilder as StatPanelBuilder } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as TimeseriesPanelBuilder } from '@grafana/grafana-foundation-sdk/timeseries';
import { type PanelQuery, prometheusTarget } from './prometheus-target.ts';

export interface PanelSpec {
  title: string;
  description: string;
  /** A Grafana unit id: `reqps`, `s`, `ms`, `percentunit`, `percent`, `bytes`, `short`. */
  unit: string;
  queries: PanelQuery[];
  /** Grid width out of 24 (default 12). */
  span?: number;
  /** Stack the series (shares that add up to the whole). */
  stacked?: boolean;
}

const REF_IDS = 'ABCDEFGH';

function refId(index: number): string {
  const id = REF_IDS[index];
  if (id === undefined) throw new Error(`a panel has more than ${REF_IDS.length} queries`);
  return id;
}

function tableLegend(): VizLegendOptionsBuilder {
  return new VizLegendOptionsBuilder()
    .showLegend(true)
    .displayMode(LegendDisplayMode.Table)
    .placement(LegendPlacement.Bottom)
    .calcs(['mean', 'max', 'lastNotNull']);
}

/** A time series panel; legends are tables with mean/max/last so a run can be read without hovering. */
export function timeseriesPanel(spec: PanelSpec): TimeseriesPanelBuilder {
  const panel = new TimeseriesPanelBuilder()
    .title(spec.title)
    .description(spec.description)
    .unit(spec.unit)
    .min(0)
    .span(spec.span ?? 12)
    .height(8)
    .fillOpacity(spec.stacked ? 60 : 10)
    .legend(tableLegend());
  if (spec.stacked) panel.stacking(new StackingConfigBuilder().mode(StackingMode.Normal));
  spec.queries.forEach((query, index) => {
    panel.withTarget(prometheusTarget(query, refId(index)));
  });
  return panel;
}

/** A horizontal bar gauge of instant values: a ranking, such as the query shapes that cost the most. */
export function rankingPanel(spec: PanelSpec): BarGaugePanelBuilder {
  const panel = new BarGaugePanelBuilder()
    .title(spec.title)
    .description(spec.description)
    .unit(spec.unit)
    .min(0)
    .span(spec.span ?? 12)
    .height(8)
    .orientation(VizOrientation.Horizontal);
  spec.queries.forEach((query, index) => {
    panel.withTarget(prometheusTarget({ ...query, instant: true }, refId(index)));
  });
  return panel;
}

/** A single big number with a sparkline: the figures a reader looks for first. */
export function statPanel(spec: PanelSpec): StatPanelBuilder {
  const panel = new StatPanelBuilder()
    .title(spec.title)
    .description(spec.description)
    .unit(spec.unit)
    .span(spec.span ?? 6)
    .height(4)
    .graphMode(BigValueGraphMode.Area);
  spec.queries.forEach((query, index) => {
    panel.withTarget(prometheusTarget(query, refId(index)));
  });
  return panel;
}
