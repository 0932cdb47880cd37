// Maps a resolved workload onto k6 `options`: one arrival-rate scenario per operation (constant when its
// rate never changes, ramping with the workload's stages otherwise) and thresholds from the SLO.
import type { ResolvedOperation, ResolvedWorkload } from '@loadlens/types';

export interface K6Scenario {
  executor: 'constant-arrival-rate' | 'ramping-arrival-rate';
  exec: string;
  timeUnit: string;
  rate?: number;
  duration?: string;
  startRate?: number;
  stages?: { target: number; duration: string }[];
  preAllocatedVUs: number;
  maxVUs: number;
}

export interface K6Options {
  scenarios: Record<string, K6Scenario>;
  thresholds: Record<string, string[]>;
  summaryTrendStats: string[];
}

/** k6 wants integer rates per time unit: the smallest unit where every rate is (nearly) whole. */
const UNITS = [
  { seconds: 1, text: '1s' },
  { seconds: 60, text: '1m' },
  { seconds: 3600, text: '1h' },
] as const;
/** Rounding to a whole rate per unit may shift it by at most 0.1 % (well inside the 5 % the e2e checks). */
const ROUNDING_TOLERANCE = 0.001;

function pickUnit(ratesPerSecond: number[]): (typeof UNITS)[number] {
  const within = (tolerance: number) =>
    UNITS.find((unit) =>
      ratesPerSecond.every((r) => {
        const v = r * unit.seconds;
        return v === 0 || Math.abs(Math.round(v) - v) / v <= tolerance;
      }),
    );
  // Exact first (583.33/s is 35000/min), then the smallest unit within the tolerance.
  return within(1e-9) ?? within(ROUNDING_TOLERANCE) ?? UNITS[2];
}

function durationText(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${Math.round(ms)}ms`;
}

/** A JavaScript identifier for an operation's exec function (k6 looks it up by name). */
export function execName(op: ResolvedOperation, index: number): string {
  return `op${index}_${op.name.replace(/[^A-Za-z0-9_]/g, '_')}`;
}

/** k6 scenario names: letters, digits, `_` and `-`. */
export function scenarioName(op: ResolvedOperation): string {
  return op.name.replace(/[^A-Za-z0-9_-]/g, '_');
}

/** Per stage, the operation's scale at its start and end (mirrors scaleAt in @loadlens/types). */
function stageLevels(workload: ResolvedWorkload, op: ResolvedOperation) {
  return workload.stages.map((s) => {
    const fixed = s.appliesTo === 'users' && op.rateSource !== 'users';
    return { from: fixed ? 1 : s.fromScale, to: fixed ? 1 : s.toScale, durationMs: s.durationMs };
  });
}

/** Requests an operation is expected to send over the whole run (the area under its rate curve). */
export function expectedRequests(workload: ResolvedWorkload, op: ResolvedOperation): number {
  return stageLevels(workload, op).reduce(
    (sum, s) => sum + (((s.from + s.to) / 2) * op.ratePerSecond * s.durationMs) / 1000,
    0,
  );
}

/**
 * The k6 options for `workload`.
 * @example k6Options(resolved).scenarios.visit // { executor: 'constant-arrival-rate', rate: 35000, timeUnit: '1m', ... }
 */
export function k6Options(workload: ResolvedWorkload): K6Options {
  const scenarios: Record<string, K6Scenario> = {};
  const thresholds: Record<string, string[]> = {};
  workload.operations.forEach((op, index) => {
    const levels = stageLevels(workload, op);
    const peak = Math.max(...levels.flatMap((l) => [l.from, l.to])) * op.ratePerSecond;
    // Little's law: in-flight = rate × latency. Pre-allocate for 100 ms responses; allow up to 1 s
    // (or the workload's connection cap), beyond which k6 counts dropped iterations as our engine does.
    const vus = {
      preAllocatedVUs: Math.max(2, Math.ceil(peak * 0.1)),
      maxVUs: workload.connections ?? Math.max(20, Math.ceil(peak)),
    };
    vus.preAllocatedVUs = Math.min(vus.preAllocatedVUs, vus.maxVUs);
    const constant = levels.every((l) => l.from === levels[0]?.from && l.to === l.from);
    const exec = execName(op, index);
    if (constant) {
      const rate = op.ratePerSecond * (levels[0]?.from ?? 1);
      const unit = pickUnit([rate]);
      scenarios[scenarioName(op)] = {
        executor: 'constant-arrival-rate',
        exec,
        rate: Math.round(rate * unit.seconds),
        timeUnit: unit.text,
        duration: durationText(workload.durationMs),
        ...vus,
      };
    } else {
      const unit = pickUnit(levels.flatMap((l) => [l.from * op.ratePerSecond, l.to * op.ratePerSecond]));
      const perUnit = (scale: number) => Math.round(scale * op.ratePerSecond * unit.seconds);
      const stages: { target: number; duration: string }[] = [];
      let previous = levels[0]?.from ?? 0;
      for (const level of levels) {
        // A jump between stages (a users-only stage after an all-operations one) is a 0 s stage in k6.
        if (level.from !== previous) stages.push({ target: perUnit(level.from), duration: '0s' });
        stages.push({ target: perUnit(level.to), duration: durationText(level.durationMs) });
        previous = level.to;
      }
      scenarios[scenarioName(op)] = {
        executor: 'ramping-arrival-rate',
        exec,
        startRate: perUnit(levels[0]?.from ?? 0),
        timeUnit: unit.text,
        stages,
        ...vus,
      };
    }
    const name = scenarioName(op);
    const latency = Object.entries(workload.slo.latencyMs).map(
      ([p, ms]) => `p(${p === 'p999' ? '99.9' : p.slice(1)})<${ms}`,
    );
    if (latency.length > 0) thresholds[`http_req_duration{scenario:${name}}`] = latency;
    if (workload.slo.errorRate !== undefined)
      thresholds[`http_req_failed{scenario:${name}}`] = [`rate<${workload.slo.errorRate}`];
  });
  if (workload.slo.droppedRate !== undefined) {
    // k6 counts dropped iterations but has no "dropped share": turn the share into a count of the expected total.
    const total = workload.operations.reduce((sum, op) => sum + expectedRequests(workload, op), 0);
    thresholds.dropped_iterations = [`count<${Math.max(1, Math.floor(total * workload.slo.droppedRate))}`];
  }
  return {
    scenarios,
    thresholds,
    summaryTrendStats: ['avg', 'min', 'med', 'p(90)', 'p(99)', 'p(99.9)', 'max', 'count'],
  };
}
