// Reduces V8 CPU profiles (from the inspector's Profiler domain or `--cpu-prof`) to the functions
// that spent the most time on-CPU themselves ("self time"), with file:line — the list a report shows.
import type { ProfileFrame } from '@loadlens/types';
import type { CpuProfile } from './app-snapshot.ts';

/** Frames that are not code: the idle loop and the tree's root. GC and "(program)" stay — they cost. */
const NOT_CODE = new Set(['(idle)', '(root)']);

export interface SelfTimeTable {
  /** Adds a profile's self times (profiles of successive periods add up). */
  add(profile: CpuProfile): void;
  top(limit: number): ProfileFrame[];
}

/**
 * An accumulating self-time table.
 * @example const table = createSelfTimeTable(); table.add(profile); table.top(20)
 */
export function createSelfTimeTable(): SelfTimeTable {
  const byFrame = new Map<string, { functionName: string; url: string; line: number; selfMs: number }>();
  let totalMs = 0;

  function add(profile: CpuProfile): void {
    const samples = profile.samples ?? [];
    const deltas = profile.timeDeltas ?? [];
    const selfMicros = new Map<number, number>();
    // timeDeltas[i] is the time between sample i-1 and sample i; the interval before a sample is
    // charged to it, as Chrome DevTools does.
    for (let i = 0; i < samples.length; i++) {
      const id = samples[i] as number;
      selfMicros.set(id, (selfMicros.get(id) ?? 0) + Math.max(0, deltas[i] ?? 0));
    }
    for (const node of profile.nodes) {
      const micros = selfMicros.get(node.id);
      if (!micros) continue;
      const { functionName, url, lineNumber } = node.callFrame;
      const name = functionName === '' ? '(anonymous)' : functionName;
      // The profiler's own inspector calls are the measurement, not the app.
      if (NOT_CODE.has(name) || url === 'node:inspector') continue;
      const line = lineNumber + 1; // V8 lines are 0-based
      const key = `${name}\u0000${url}\u0000${line}`;
      const entry = byFrame.get(key) ?? { functionName: name, url, line, selfMs: 0 };
      entry.selfMs += micros / 1000;
      byFrame.set(key, entry);
      totalMs += micros / 1000;
    }
  }

  function top(limit: number): ProfileFrame[] {
    return [...byFrame.values()]
      .sort((a, b) => b.selfMs - a.selfMs)
      .slice(0, limit)
      .map((f) => ({
        functionName: f.functionName,
        url: f.url,
        line: f.line,
        selfMs: Math.round(f.selfMs * 1000) / 1000,
        share: totalMs > 0 ? Math.round((f.selfMs / totalMs) * 10000) / 10000 : 0,
      }));
  }

  return { add, top };
}
