// The report's stylesheet, inlined: system fonts only, so the file renders offline exactly as shipped.
export const REPORT_CSS = `
:root { --ink: #1d2430; --muted: #6b7280; --line: #e5e7eb; --bg: #ffffff; --panel: #f8fafc;
  --critical: #b42318; --high: #d1495b; --medium: #c77700; --low: #2e86ab; --info: #6b7280; --good: #23834d; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--ink);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif; }
main { max-width: 1080px; margin: 0 auto; padding: 24px 28px 64px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 36px 0 12px; padding-bottom: 6px; border-bottom: 1px solid var(--line); }
h3 { font-size: 15px; margin: 0; }
code, pre { font: 12.5px/1.4 ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", Menlo, monospace; }
pre.shape { background: var(--panel); border: 1px solid var(--line); border-radius: 4px; padding: 8px 10px;
  white-space: pre-wrap; word-break: break-word; margin: 8px 0; }
.muted { color: var(--muted); }
.meta { color: var(--muted); margin: 0; }
.figures { display: flex; flex-wrap: wrap; gap: 12px; margin: 8px 0 12px; }
.figure { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 10px 14px; min-width: 150px; }
.figure .value { font-size: 20px; font-weight: 600; }
.figure .label { color: var(--muted); font-size: 12px; }
.failure { margin: 4px 0 12px; }
svg.chart { display: block; width: 100%; height: auto; max-width: 920px; }
svg.chart text { font: 12px system-ui, sans-serif; fill: var(--ink); }
svg.chart .tick, svg.chart .label { fill: var(--muted); }
svg.chart .grid { stroke: var(--line); }
svg.chart .axis { stroke: #9ca3af; }
svg.chart polyline { fill: none; stroke-width: 2.5; }
svg.chart .p50 { stroke: #2e86ab; fill: #2e86ab; }
svg.chart .p99 { stroke: #d1495b; fill: #d1495b; }
svg.chart polyline.p50, svg.chart polyline.p99 { fill: none; }
svg.chart .legend line { stroke-width: 3; }
svg.chart .slo { stroke: var(--critical); stroke-dasharray: 6 4; stroke-width: 1.5; }
svg.chart .slo-label { fill: var(--critical); font-weight: 600; }
svg.chart .knee { stroke: var(--medium); stroke-dasharray: 3 3; stroke-width: 1.5; }
svg.chart .knee-label { fill: var(--medium); font-weight: 600; }
.finding { border: 1px solid var(--line); border-left: 4px solid var(--info); border-radius: 6px; padding: 12px 16px; margin: 12px 0; }
.finding header { display: flex; align-items: baseline; gap: 8px; flex-wrap: wrap; }
.finding .rank { color: var(--muted); font-weight: 600; }
.finding .kind { color: var(--muted); font-size: 12px; }
.finding p { margin: 6px 0; }
.severity-critical { border-left-color: var(--critical); } .severity-high { border-left-color: var(--high); }
.severity-medium { border-left-color: var(--medium); } .severity-low { border-left-color: var(--low); }
.badge { font-size: 11px; font-weight: 700; text-transform: uppercase; color: #fff; background: var(--info);
  border-radius: 3px; padding: 1px 6px; }
.badge.critical { background: var(--critical); } .badge.high { background: var(--high); }
.badge.medium { background: var(--medium); } .badge.low { background: var(--low); }
.route-name { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 12.5px; background: var(--panel);
  border: 1px solid var(--line); border-radius: 3px; padding: 0 4px; }
dl.evidence { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 8px 0; }
dl.evidence dt { color: var(--muted); } dl.evidence dd { margin: 0; font-variant-numeric: tabular-nums; }
a.trace { color: #2563eb; }
table.sortable { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
table.sortable th, table.sortable td { border-bottom: 1px solid var(--line); padding: 6px 8px; text-align: right; vertical-align: top; }
table.sortable th:first-child, table.sortable td:first-child { text-align: left; }
table.sortable td code { white-space: pre-wrap; word-break: break-word; }
table.sortable td[data-value] { white-space: nowrap; }
table.sortable th button { font: inherit; font-weight: 600; background: none; border: 0; padding: 0; cursor: pointer; color: var(--ink); }
table.sortable th[aria-sort="descending"] button::after { content: " ▼"; font-size: 10px; }
table.sortable th[aria-sort="ascending"] button::after { content: " ▲"; font-size: 10px; }
.verdict { font-weight: 600; } .verdict.regression { color: var(--critical); } .verdict.new { color: var(--info); }
.verdict.improvement, .verdict.removed { color: var(--good); } .verdict.unchanged { color: var(--muted); }
details.background { margin: 12px 0; } details.background summary { cursor: pointer; color: var(--muted); }
.status.failed { color: var(--critical); font-weight: 600; } .status.passed { color: var(--good); font-weight: 600; }
#comparison h3 { margin: 18px 0 6px; }
ul.rules { list-style: none; padding: 0; } ul.rules li.tripped { color: var(--critical); }
.metric { white-space: nowrap; }
.empty { color: var(--muted); font-style: italic; }
footer { margin-top: 48px; color: var(--muted); font-size: 12px; }
`;
