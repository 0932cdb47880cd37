// What the preload inside a wrapped Node server pushes to the wrap process once a second: cumulative
// span, query and pool histograms (aggregated in the app, so only a few KB cross per push whatever the
// request rate), histograms of the stage self times since the last push by route and raw path (raw paths
// are templated here, in the wrap process, never exposed), event-loop delay, and on request the CPU profile.

/** [span name, span kind as the spanmetrics connector writes it, status code, bucket counts, sum ms, count] */
export type SpanSeries = [string, string, string, number[], number, number];
/** [db system, query summary like "SELECT trips", bucket counts, sum ms, count] */
export type QuerySeries = [string, string, number[], number, number];
/** [db system, bucket counts, sum ms, count] */
export type PoolSeries = [string, number[], number, number];
/** [http.route or '' when the server did not name one, path without query, stage, bucket counts, sum ms, count] */
export type StageSeries = [string, string, string, number[], number, number];

export interface AppSnapshot {
  service: string;
  pid: number;
  spanBounds: number[];
  stageBounds: number[];
  spans: SpanSeries[];
  queries: QuerySeries[];
  pools: PoolSeries[];
  stages: StageSeries[];
  /** Stage times the app dropped since the last push because it held too many series. */
  stagesDropped: number;
  eventLoopDelayP99Ms?: number;
  /** V8 heap in use at the push. */
  heapUsedBytes?: number;
  /** Time spent in garbage collection since the app started, ms (cumulative). */
  gcMsTotal?: number;
  /** A V8 CPU profile (the inspector's Profiler.stop result) when the wrap process asked for one. */
  profile?: CpuProfile;
}

export interface CpuProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

export interface CpuProfile {
  nodes: CpuProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

function isArrayOf(value: unknown, length: number): value is unknown[][] {
  return Array.isArray(value) && value.every((row) => Array.isArray(row) && row.length === length);
}

/** Narrows a pushed JSON body to an AppSnapshot, or throws naming what is wrong (a bug in the preload). */
export function checkAppSnapshot(value: unknown): AppSnapshot {
  const v = value as Partial<AppSnapshot> | null;
  if (v === null || typeof v !== 'object') throw new Error('app snapshot: not an object');
  if (typeof v.service !== 'string' || typeof v.pid !== 'number')
    throw new Error('app snapshot: service/pid');
  if (!Array.isArray(v.spanBounds) || !Array.isArray(v.stageBounds)) throw new Error('app snapshot: bounds');
  if (!isArrayOf(v.spans, 6) || !isArrayOf(v.queries, 5) || !isArrayOf(v.pools, 4) || !isArrayOf(v.stages, 6))
    throw new Error('app snapshot: series');
  return v as AppSnapshot;
}
