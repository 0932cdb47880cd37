// The metrics behind `/metrics`: spanmetrics-compatible span histograms for the proxy's spans and
// the app's, loadlens's stage/query/pool histograms, resource gauges and the dropped-span counter.
// Labels carry span names, route templates and query summaries only — never a raw path or literal.
import type { ResourceSample } from '@loadlens/types';
import type { AppSnapshot } from './app-snapshot.ts';
import { Histogram, SPANMETRICS_BUCKETS_MS, STAGE_BUCKETS_MS } from './histogram.ts';
import type { Labels } from './prometheus-text.ts';
import { renderMetricsText } from './render-metrics.ts';

const SEP = '\u0000';

export interface Series {
  labels: Labels;
  histogram: Histogram;
}

function sameBounds(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** The histograms one proxy route feeds, resolved once per route instead of by string key per request. */
export interface ProxyRouteSeries {
  unset: Histogram;
  error: Histogram;
  proxyStage: Histogram;
  appStage: Histogram;
}

export interface MetricsRegistry {
  /** The series of a proxy span name (`GET /trips/{id}`) and its route, for `service`'s stages. */
  proxyRoute(proxyService: string, name: string, service: string, route: string): ProxyRouteSeries;
  /** One finished span (the proxy's own). `kind`/`status` as the connector writes them. */
  recordSpan(service: string, name: string, kind: string, status: string, ms: number): void;
  recordStage(service: string, route: string, stage: string, ms: number): void;
  /** Adds an app's stage histogram of one push (bucket counts over STAGE_BUCKETS_MS). */
  addStage(
    service: string,
    route: string,
    stage: string,
    counts: readonly number[],
    sum: number,
    count: number,
  ): void;
  /** The latest cumulative snapshot of an app (replaces its previous one). */
  setApp(snapshot: AppSnapshot): void;
  setResources(samples: readonly ResourceSample[]): void;
  render(spansDropped: number): string;
  /** The highest event-loop delay p99 the apps reported last, if any app reported one. */
  eventLoopDelayP99(): number | undefined;
}

/** Creates an empty registry. */
export function createMetricsRegistry(): MetricsRegistry {
  const spans = new Map<string, Series>();
  const stages = new Map<string, Series>();
  const apps = new Map<number, AppSnapshot>();
  let resources: readonly ResourceSample[] = [];

  function seriesOf(
    map: Map<string, Series>,
    key: string,
    labels: Labels,
    bounds: readonly number[],
  ): Series {
    let series = map.get(key);
    if (series === undefined) {
      series = { labels, histogram: new Histogram(bounds) };
      map.set(key, series);
    }
    return series;
  }

  function spanSeries(service: string, name: string, kind: string, status: string): Histogram {
    const key = service + SEP + name + SEP + kind + SEP + status;
    return seriesOf(
      spans,
      key,
      { service_name: service, span_name: name, span_kind: kind, status_code: status },
      SPANMETRICS_BUCKETS_MS,
    ).histogram;
  }

  function stageSeries(service: string, route: string, stage: string): Histogram {
    return seriesOf(
      stages,
      service + SEP + route + SEP + stage,
      { service_name: service, route, stage },
      STAGE_BUCKETS_MS,
    ).histogram;
  }

  function proxyRoute(proxyService: string, name: string, service: string, route: string): ProxyRouteSeries {
    return {
      unset: spanSeries(proxyService, name, 'SPAN_KIND_SERVER', 'STATUS_CODE_UNSET'),
      error: spanSeries(proxyService, name, 'SPAN_KIND_SERVER', 'STATUS_CODE_ERROR'),
      proxyStage: stageSeries(service, route, 'proxy'),
      appStage: stageSeries(service, route, 'app'),
    };
  }

  function recordSpan(service: string, name: string, kind: string, status: string, ms: number): void {
    spanSeries(service, name, kind, status).observe(ms);
  }

  function recordStage(service: string, route: string, stage: string, ms: number): void {
    stageSeries(service, route, stage).observe(ms);
  }

  function addStage(
    service: string,
    route: string,
    stage: string,
    counts: readonly number[],
    sum: number,
    count: number,
  ): void {
    stageSeries(service, route, stage).add(counts, sum, count);
  }

  function setApp(snapshot: AppSnapshot): void {
    if (
      !sameBounds(snapshot.spanBounds, SPANMETRICS_BUCKETS_MS) ||
      !sameBounds(snapshot.stageBounds, STAGE_BUCKETS_MS)
    )
      throw new Error(
        'app snapshot: histogram bounds differ from the wrap process (mismatched loadlens versions?)',
      );
    apps.set(snapshot.pid, snapshot);
  }

  function setResources(samples: readonly ResourceSample[]): void {
    resources = samples;
  }

  /** Cumulative app series merged with the proxy's own: rebuilt per scrape (scrapes are rare). */
  function merged(): { span: Series[]; query: Series[]; pool: Series[] } {
    const span = new Map<string, Series>();
    for (const [key, s] of spans)
      seriesOf(span, key, s.labels, SPANMETRICS_BUCKETS_MS).histogram.add(
        s.histogram.counts,
        s.histogram.sum,
        s.histogram.count,
      );
    const query = new Map<string, Series>();
    const pool = new Map<string, Series>();
    for (const app of apps.values()) {
      for (const [name, kind, status, counts, sum, count] of app.spans) {
        const labels = { service_name: app.service, span_name: name, span_kind: kind, status_code: status };
        seriesOf(
          span,
          app.service + SEP + name + SEP + kind + SEP + status,
          labels,
          SPANMETRICS_BUCKETS_MS,
        ).histogram.add(counts, sum, count);
      }
      for (const [system, summary, counts, sum, count] of app.queries)
        seriesOf(
          query,
          system + SEP + summary,
          { db_system: system, db_query_summary: summary },
          STAGE_BUCKETS_MS,
        ).histogram.add(counts, sum, count);
      for (const [system, counts, sum, count] of app.pools)
        seriesOf(
          pool,
          app.service + SEP + system,
          { service_name: app.service, db_system: system },
          STAGE_BUCKETS_MS,
        ).histogram.add(counts, sum, count);
    }
    // Series resolved ahead of use (a route's error series) stay out until they have an observation.
    const seen = (list: Iterable<Series>) => [...list].filter((s) => s.histogram.count > 0);
    return { span: seen(span.values()), query: seen(query.values()), pool: seen(pool.values()) };
  }

  function render(spansDropped: number): string {
    const { span, query, pool } = merged();
    const stageSeries = [...stages.values()].filter((series) => series.histogram.count > 0);
    return renderMetricsText({
      span,
      stage: stageSeries,
      query,
      pool,
      resources,
      apps: [...apps.values()],
      spansDropped,
    });
  }

  function eventLoopDelayP99(): number | undefined {
    let max: number | undefined;
    for (const app of apps.values())
      if (app.eventLoopDelayP99Ms !== undefined) max = Math.max(max ?? 0, app.eventLoopDelayP99Ms);
    return max;
  }

  return { proxyRoute, recordSpan, recordStage, addStage, setApp, setResources, render, eventLoopDelayP99 };
}
