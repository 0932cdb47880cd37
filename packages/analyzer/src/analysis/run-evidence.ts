// What a report takes from the run result it was joined with: the run's identity, labels and length, and
// evidence for cpu-bound findings (process CPU near a core, event-loop delay, the hottest profile frames).
import type { EvidenceItem, Report, RunResult } from '@loadlens/types';
import type { PatternThresholds } from './patterns/thresholds.ts';

export function resourceEvidence(run: RunResult | undefined, t: PatternThresholds): EvidenceItem[] {
  if (run === undefined) return [];
  const target = run.resources.filter((r) => r.source === 'target');
  const out: EvidenceItem[] = [];
  const cpu = Math.max(0, ...target.map((r) => r.cpuPercent ?? 0));
  const eld = Math.max(0, ...target.map((r) => r.eventLoopDelayP99Ms ?? 0));
  if (target.some((r) => r.cpuPercent !== undefined))
    out.push({
      label: `peak process CPU${cpu >= t.cpuNearCorePercent ? ' (near a full core)' : ''}`,
      value: Math.round(cpu),
      unit: '%',
    });
  if (target.some((r) => r.eventLoopDelayP99Ms !== undefined))
    out.push({
      label: `peak event-loop delay p99${eld >= t.eventLoopDelayMs ? ' (loop blocked)' : ''}`,
      value: Math.round(eld * 10) / 10,
      unit: 'ms',
    });
  // The three hottest frames: where a profile usually shows the cost (loadlens's choice; the run has more).
  for (const f of run.profile?.topFrames.slice(0, 3) ?? [])
    out.push({
      label: `profile: ${f.functionName || '(anonymous)'} ${f.url.split('/').pop() ?? ''}:${f.line}`,
      value: Math.round(f.share * 1000) / 10,
      unit: '%',
    });
  return out;
}

/** The report's `run` block: which run, its labels (e.g. the data volume) and its length. */
export function runOfReport(run: RunResult): NonNullable<Report['run']> {
  return {
    id: run.id,
    workload: run.workload.name,
    target: run.target,
    startedAt: run.startedAt,
    partial: run.partial,
    labels: run.labels,
    durationMs: run.durationMs,
  };
}
