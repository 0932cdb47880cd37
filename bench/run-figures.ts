// Small arithmetic the proxy and preload benches share: the median of rounds, and the CPU a process and
// its children have used.
import { CLOCK_TICKS_PER_SECOND, processTree } from '@loadlens/proxy';

/** The median (the mean of the middle two for an even count). */
export function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** CPU seconds (user + system) of `pid` and its descendants, from /proc. */
export function treeCpuSeconds(pid: number): number {
  return processTree([pid]).reduce((sum, p) => sum + p.cpuTicks, 0) / CLOCK_TICKS_PER_SECOND;
}
