// `--duration` on `loadlens run`: a one-stage workload runs for that long; a staged one is cut off there
// (its last stage ends at the level the ramp had reached), so a long profile can be tried briefly.
import type { ResolvedWorkload } from '@loadlens/types';

export function limitDuration(workload: ResolvedWorkload, durationMs: number): ResolvedWorkload {
  const first = workload.stages[0];
  if (workload.stages.length === 1 && first)
    return { ...workload, durationMs, stages: [{ ...first, durationMs }] };
  const stages = [];
  for (const stage of workload.stages) {
    if (stage.startMs >= durationMs) break;
    const end = Math.min(stage.startMs + stage.durationMs, durationMs);
    const kept = end - stage.startMs;
    const progress = stage.durationMs === 0 ? 1 : kept / stage.durationMs;
    stages.push({
      ...stage,
      durationMs: kept,
      toScale: stage.fromScale + (stage.toScale - stage.fromScale) * progress,
    });
  }
  return { ...workload, durationMs: Math.min(durationMs, workload.durationMs), stages };
}
