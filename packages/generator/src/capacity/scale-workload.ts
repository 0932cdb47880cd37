// A capacity step's workload: the same operations at `scale` × their base rates, constant for one step.
import type { ResolvedWorkload } from '@loadlens/types';

/**
 * @example scaleWorkload(workload, 2, 10_000) // every operation at twice its base rate for 10 s
 */
export function scaleWorkload(
  workload: ResolvedWorkload,
  scale: number,
  durationMs: number,
): ResolvedWorkload {
  return {
    ...workload,
    durationMs,
    stages: [
      {
        name: `scale-${+scale.toFixed(4)}`,
        startMs: 0,
        durationMs,
        fromScale: scale,
        toScale: scale,
        appliesTo: 'all',
      },
    ],
  };
}
