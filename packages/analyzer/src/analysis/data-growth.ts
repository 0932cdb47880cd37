// Across runs at different stored-data volumes: query shapes whose latency grows with the data while the
// load stays the same — the "inactive users' data slows the active ones" failure.
import type { Report } from '@loadlens/types';
import type { DraftFinding } from './pattern-findings.ts';

/** A shape grows with data when its p50 reaches 1.5× and ≥ 1 ms more from the smallest to the largest volume (loadlens). */
const GROWTH = 1.5;
const MIN_GROWTH_MS = 1;
/** Load counts as unchanged while the route's request rate stays within 25 % (loadlens). */
const SAME_LOAD = 1.25;

/** The data volume a report's run was labelled with (`dataVolume`, `data.volume`, `rows`), or undefined. */
export function dataVolumeOf(report: Report): number | undefined {
  const labels = report.run?.labels ?? {};
  for (const key of ['dataVolume', 'data.volume', 'data-volume', 'rows', 'users']) {
    const v = labels[key];
    if (v !== undefined && Number.isFinite(Number.parseFloat(v))) return Number.parseFloat(v);
  }
  return undefined;
}

function rateOf(report: Report, route: string): number | undefined {
  const r = report.routes.find((x) => x.route === route);
  const d = report.run?.durationMs;
  return r && d ? r.count / (d / 1000) : undefined;
}

/**
 * Findings for shapes that slow down with the stored data; `reports` in any order (sorted by their volume
 * label, else kept in the given order).
 * @example dataGrowthFindings([small, medium, large])
 */
export function dataGrowthFindings(reports: Report[]): DraftFinding[] {
  const labelled = reports.filter((r) => dataVolumeOf(r) !== undefined);
  // With volume labels, unlabelled reports (e.g. the current one without --run) cannot be placed: skip them.
  const usable = labelled.length >= 2 ? labelled : reports;
  if (usable.length < 2) return [];
  const ordered = usable
    .map((report, i) => ({
      report,
      volume: dataVolumeOf(report) ?? i,
      labelled: dataVolumeOf(report) !== undefined,
    }))
    .sort((a, b) => a.volume - b.volume);
  const out: DraftFinding[] = [];
  const seen = new Set<string>();
  for (const { report: r } of ordered)
    for (const q of r.queries) {
      if (seen.has(q.id)) continue;
      seen.add(q.id);
      // The smallest and the largest volume at which the shape ran.
      const having = ordered.filter((o) => o.report.queries.some((x) => x.id === q.id));
      const first = having[0]!;
      const last = having[having.length - 1]!;
      if (first === last) continue;
      const before = first.report.queries.find((x) => x.id === q.id)!;
      const shape = last.report.queries.find((x) => x.id === q.id)!;
      const finding = growthFinding(ordered, first, last, before, shape);
      if (finding) out.push(finding);
    }
  return out;
}

type Placed = { report: Report; volume: number; labelled: boolean };

function growthFinding(
  ordered: Placed[],
  first: Placed,
  last: Placed,
  before: Report['queries'][number],
  shape: Report['queries'][number],
): DraftFinding | undefined {
  if (shape.p50Ms < GROWTH * before.p50Ms || shape.p50Ms - before.p50Ms < MIN_GROWTH_MS) return undefined;
  const main = shape.routes[0];
  if (main === undefined) return undefined;
  const rateBefore = rateOf(first.report, main.route);
  const rateAfter = rateOf(last.report, main.route);
  if (rateBefore !== undefined && rateAfter !== undefined && rateAfter > SAME_LOAD * rateBefore)
    return undefined;
  const route = last.report.routes.find((r) => r.route === main.route);
  const callsPerRequest = route && route.count > 0 ? main.count / route.count : 1;
  const growthMs = (shape.p50Ms - before.p50Ms) * callsPerRequest;
  const volumeText = (o: Placed) => (o.labelled ? `data volume ${o.volume}` : `run ${o.volume + 1}`);
  return {
    kind: 'data-growth',
    title: `Query slows down as stored data grows (${round(before.p50Ms)} → ${round(shape.p50Ms)} ms p50) on ${main.route}`,
    route: main.route,
    fingerprint: shape.fingerprint,
    evidence: [
      ...ordered.map((o) => {
        const q = o.report.queries.find((x) => x.id === shape.id);
        return {
          label: `p50 at ${volumeText(o)}`,
          value: q ? round(q.p50Ms) : 'absent',
          ...(q ? { unit: 'ms' } : {}),
        };
      }),
      ...(rateBefore !== undefined && rateAfter !== undefined
        ? [
            {
              label: 'route request rate, smallest → largest volume',
              value: `${round(rateBefore)} → ${round(rateAfter)} req/s`,
            },
          ]
        : []),
    ],
    impact: {
      msPerRequest: Math.max(0, growthMs),
      share: route && route.meanMs > 0 ? Math.min(1, Math.max(0, growthMs / route.meanMs)) : 0,
      ...(route ? { totalMs: Math.max(0, growthMs * route.count) } : {}),
    },
    suggestion:
      'Latency follows the stored data, not the load: the query scans data it does not return. Index the filter fields (see --explain), or partition/archive data of inactive users so it leaves the hot path.',
    sampleTraceIds: shape.sampleTraceIds,
  };
}

const round = (x: number) => Math.round(x * 100) / 100;
