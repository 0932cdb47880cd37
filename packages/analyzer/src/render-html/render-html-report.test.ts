// The HTML report as a string: its sections, escaping, trace links, charts and the sort script.
// (The page is driven in headless Chromium by test/e2e/report-html.e2e.test.ts.)
import { InputError, type Report } from '@loadlens/types';
import { describe, expect, test } from 'vitest';
import { craftedComparison, craftedReport } from '../testing/crafted-report.ts';
import { linearTicks, logTicks } from './axis-ticks.ts';
import { renderLatencyCurve } from './latency-curve-svg.ts';
import { renderHtmlReport } from './render-html-report.ts';
import { renderStageBars } from './stage-bars-svg.ts';

function all(html: string, pattern: RegExp): string[] {
  return [...html.matchAll(pattern)].map((m) => m[1] as string);
}

const hostile = '<script>alert("x")</script>&\'';
const hostileReport: Report = {
  ...craftedReport,
  run: { ...craftedReport.run!, workload: hostile },
  findings: [{ ...craftedReport.findings[0]!, title: `<img src=x onerror=alert(1)>`, route: hostile }],
  routes: [
    {
      ...craftedReport.routes[0]!,
      route: hostile,
      stages: [{ ...craftedReport.routes[0]!.stages[0]!, stage: '<b>db</b>' }],
    },
  ],
  queries: [{ ...craftedReport.queries[0]!, fingerprint: 'SELECT "</code><script>" FROM t' }],
};

describe('renderHtmlReport', () => {
  const html = renderHtmlReport(craftedReport, { comparison: craftedComparison });

  test('one document with the sections in reading order', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(all(html, /<h2>([^<]*)<\/h2>/g)).toMatchInlineSnapshot(`
      [
        "Comparison: main → pr-128",
        "Findings (3)",
        "Latency vs offered load",
        "Where each route spends its time",
        "Query digest (5 shapes)",
      ]
    `);
  });

  test('findings keep the analyzer’s ranking, the missing index first', () => {
    const findings = renderHtmlReport(craftedReport);
    expect(all(findings, /<h3>([^<]*)<\/h3>/g)).toMatchInlineSnapshot(`
      [
        "Missing index: timeseries scanned by user_id and write_ts",
        "N+1: one query per trip in the stats handler",
        "Event loop blocked while validating uploaded entries",
      ]
    `);
  });

  test('shows the findings in the report’s order, not an order of its own', () => {
    // A cause that holds up other routes can save less per request of its own route than a symptom:
    // the HTML must not re-rank what the text, Markdown and JSON show first.
    const reversed = { ...craftedReport, findings: [...craftedReport.findings].reverse() };
    expect(all(renderHtmlReport(reversed), /<h3>([^<]*)<\/h3>/g)[0]).toBe(
      craftedReport.findings.at(-1)?.title,
    );
  });

  test('every user-controlled string is escaped; the only script is the sort script', () => {
    const page = renderHtmlReport(hostileReport);
    expect(page.match(/<script/g)).toHaveLength(1);
    expect(page).not.toContain('<img');
    expect(page).not.toContain('<b>db</b>');
    expect(page).not.toContain('</code><script>');
    expect(page).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;');
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  test('links traces only when a trace UI is configured; otherwise it shows their ids', () => {
    // The demo starts no Jaeger: a default link to 127.0.0.1:16686 would be a dead end.
    expect(html).not.toContain('<a class="trace"');
    expect(html).not.toContain('16686');
    const id = craftedReport.findings[0]!.sampleTraceIds[0]!;
    expect(html).toContain(`<code class="trace-id" title="trace 1">${id}</code>`);
    const linked = renderHtmlReport(craftedReport, {
      jaegerUrlTemplate: 'http://127.0.0.1:16686/trace/{traceId}',
    });
    expect(linked).toContain(`<a class="trace" href="http://127.0.0.1:16686/trace/${id}"`);
  });

  test('self-contained: no URL but the trace links and the SVG namespace, and a policy that blocks loads', () => {
    const page = renderHtmlReport(craftedReport, {
      comparison: craftedComparison,
      jaegerUrlTemplate: 'http://127.0.0.1:16686/trace/{traceId}',
    });
    const urls = all(page, /(https?:\/\/[^\s"'<>]+)/g);
    const others = urls.filter(
      (url) => !url.startsWith('http://127.0.0.1:16686/trace/') && url !== 'http://www.w3.org/2000/svg',
    );
    expect(others).toEqual([]);
    expect(urls.filter((url) => url.includes('/trace/'))).toHaveLength(8);
    expect(page).toContain(
      `content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"`,
    );
    expect(page).not.toMatch(/<(?:link|img|iframe)\b|\bsrc=|@import|url\(/);
  });

  test('trace links follow a configured template; ids that are not hex are not linked', () => {
    const report: Report = {
      ...craftedReport,
      findings: [
        {
          ...craftedReport.findings[2]!,
          sampleTraceIds: ['4bf92f3577b34da6a3ce929d0e0e4736', 'javascript:alert(1)'],
        },
      ],
      queries: [],
    };
    const page = renderHtmlReport(report, {
      jaegerUrlTemplate: 'https://jaeger.example.org/trace/{traceId}?uiEmbed=v0',
    });
    expect(all(page, /<a class="trace" href="([^"]*)"/g)).toEqual([
      'https://jaeger.example.org/trace/4bf92f3577b34da6a3ce929d0e0e4736?uiEmbed=v0',
    ]);
    expect(page).not.toContain('javascript:');
  });

  test('a trace URL template that is not an http(s) URL with {traceId} is refused, naming it', () => {
    for (const template of [
      'javascript:alert(1)//{traceId}',
      'http://jaeger/trace/',
      'http://x/"><script>/{traceId}',
    ]) {
      expect(() => renderHtmlReport(craftedReport, { jaegerUrlTemplate: template })).toThrow(InputError);
    }
    expect(() =>
      renderHtmlReport(craftedReport, { jaegerUrlTemplate: 'ftp://x/{traceId}' }),
    ).toThrowErrorMatchingInlineSnapshot(
      `[InputError: trace URL template: expected an http(s) URL containing {traceId}, like http://127.0.0.1:16686/trace/{traceId}; got "ftp://x/{traceId}"]`,
    );
  });

  test('the query digest is a sortable table: typed headers, numeric cells carry raw values, the script is inlined', () => {
    const digest = html.slice(html.indexOf('<table class="sortable" id="query-digest">'));
    expect(digest.slice(0, digest.indexOf('</thead>'))).toMatchInlineSnapshot(
      `"<table class="sortable" id="query-digest"><thead><tr><th data-type="text"><button type="button">Shape</button></th><th data-type="number"><button type="button">Calls</button></th><th data-type="number" aria-sort="descending"><button type="button">Total</button></th><th data-type="number"><button type="button">Mean</button></th><th data-type="number"><button type="button">p95</button></th><th data-type="number"><button type="button">p99</button></th><th data-type="number"><button type="button">Max</button></th><th data-type="text"><button type="button">Main route</button></th></tr>"`,
    );
    const body = digest.slice(digest.indexOf('<tbody>'), digest.indexOf('</tbody>'));
    const rows = body
      .split('<tr>')
      .slice(1)
      .map((row) => all(row, /data-value="([^"]*)"/g).map(Number));
    // Columns with values: calls, total, mean, p95, p99, max; rows start sorted by total time.
    expect(rows.map((row) => row[1])).toEqual(
      craftedReport.queries.map((q) => q.totalMs).sort((a, b) => b - a),
    );
    expect(html).toContain("document.querySelectorAll('table.sortable')");
    expect(html).toContain("th.setAttribute('aria-sort', dir)");
  });

  test('the comparison view appears only with a comparison, verdicts and new findings included', () => {
    expect(renderHtmlReport(craftedReport)).not.toContain('id="comparison"');
    const view = html.slice(
      html.indexOf('<section id="comparison">'),
      html.indexOf('<section id="findings">'),
    );
    expect(all(view, /<span class="verdict [a-z]+">([^<]*)<\/span>/g)).toMatchInlineSnapshot(`
      [
        "1 regression",
        "1 new",
        "1 unchanged",
        "regression",
        "new",
        "unchanged",
      ]
    `);
    expect(view).toContain('Regression: at least one rule tripped.');
    expect(view).toContain('<h3>New findings</h3>');
    expect(view).toContain('+85.7%');
    expect(view).toContain('0.61 (Mann-Whitney U)');
    expect(view).toContain('&lt; 0.001 (Mann-Whitney U)');
  });

  test('a report with nothing in it still renders, saying what is missing', () => {
    const empty: Report = { ...craftedReport, findings: [], routes: [], queries: [], capacity: undefined };
    const page = renderHtmlReport(empty, { title: 'empty run' });
    expect(page).not.toContain('<svg');
    expect(all(page, /<p class="empty">([^<]*)<\/p>/g)).toMatchInlineSnapshot(`
      [
        "No findings: nothing in this run crossed a detection threshold.",
        "No capacity search in this run (run with stages that ramp the load).",
        "No server spans in this run.",
        "No database spans in this run.",
      ]
    `);
    expect(page).toContain('<title>empty run</title>');
  });
});

describe('capacity', () => {
  test('one load step is drawn as a point, with a note on how to get a curve', () => {
    const one = { ...craftedReport, capacity: { points: craftedReport.capacity!.points.slice(0, 1) } };
    const page = renderHtmlReport(one);
    expect(all(page, /<circle class="(p99)"/g)).toHaveLength(1);
    expect(page).toContain(
      'One load step: a staged or ramping workload (or <code>loadlens capacity</code>) draws the curve and its knee.',
    );
    expect(renderHtmlReport(craftedReport)).not.toContain('load step:');
  });
});

describe('stage bars', () => {
  test('only the costliest routes are drawn, with a note saying how many there are', () => {
    const many = Array.from({ length: 20 }, (_, i) => ({
      ...craftedReport.routes[0]!,
      route: `GET /r${i}`,
      count: i + 1,
    }));
    const svg = renderStageBars(many);
    const labels = all(svg, /<text class="route"[^>]*>([^<]*)</g);
    expect(labels).toHaveLength(15);
    expect(labels[0]).toBe('GET /r19');
    expect(svg).toContain('The 15 routes with the most total time of 20; the table lists all.');
    expect(renderStageBars(craftedReport.routes)).not.toContain('the table lists all');
  });
});

describe('latency curve', () => {
  const svg = renderLatencyCurve(craftedReport.capacity!);

  test('p50 and p99 polylines through every load step, the SLO line and the knee', () => {
    const lines = all(svg, /<polyline class="(p50|p99)"/g);
    expect(lines).toEqual(['p50', 'p99']);
    expect(all(svg, /<circle class="(p99)"/g)).toHaveLength(craftedReport.capacity!.points.length);
    expect(all(svg, /<text class="slo-label"[^>]*>([^<]*)</g)).toEqual(['SLO p99 500 ms']);
    expect(all(svg, /<text class="knee-label"[^>]*>([^<]*)</g)).toEqual(['knee 220 req/s']);
    // p99 at 260 req/s (2.21 s) is above the SLO line (500 ms): higher on screen means a smaller y.
    const sloY = Number(/<line class="slo"[^>]*y1="([\d.]+)"/.exec(svg)?.[1]);
    const lastP99Y = Number(all(svg, /<circle class="p99" cx="[\d.]+" cy="([\d.]+)"/g).at(-1));
    expect(lastP99Y).toBeLessThan(sloY);
  });

  test('the x axis reaches the knee even when the steps stop short of it', () => {
    const short = renderLatencyCurve({
      ...craftedReport.capacity!,
      points: craftedReport.capacity!.points.slice(0, 3),
    });
    const kneeX = Number(/<line class="knee" x1="([\d.]+)"/.exec(short)?.[1]);
    expect(kneeX).toBeLessThanOrEqual(760);
  });

  test('latencies spanning more than a factor 20 get a log axis', () => {
    expect(svg).toContain('latency (log scale)');
    const flat = {
      ...craftedReport.capacity!,
      slo: undefined,
      points: craftedReport.capacity!.points.slice(0, 3),
    };
    expect(renderLatencyCurve(flat)).not.toContain('log scale');
  });

  test('axis ticks are round numbers covering the data', () => {
    expect(linearTicks(260)).toEqual([0, 100, 200, 300]);
    expect(linearTicks(0.9)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(logTicks(18, 2210)).toEqual([10, 20, 50, 100, 200, 500, 1000, 2000, 5000]);
  });
});
