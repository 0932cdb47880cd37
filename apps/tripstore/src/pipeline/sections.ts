// Splits a trip into sections by the phone's motion activity (the e-mission MotionTypes).
import { distanceM } from '../geo.ts';
import type { Section } from '../storage/storage.ts';
import type { Point } from './dwell-segmentation.ts';

/** e-mission MotionTypes that name a way of moving; STILL (3), UNKNOWN (4), TILTING (5) do not. */
const MODES: Record<number, string> = {
  0: 'IN_VEHICLE',
  1: 'BICYCLING',
  2: 'WALKING',
  7: 'WALKING',
  8: 'RUNNING',
};

export interface Activity {
  ts: number;
  type: number;
}

export function pathLengthM(points: Point[]): number {
  let total = 0;
  for (let index = 1; index < points.length; index++) {
    const a = points[index - 1]!;
    const b = points[index]!;
    total += distanceM(a.lat, a.lon, b.lat, b.lon);
  }
  return total;
}

function sectionOf(points: Point[], mode: string): Omit<Section, 'tripId'> {
  return {
    startTs: points[0]!.ts,
    endTs: points.at(-1)!.ts,
    mode,
    distanceM: pathLengthM(points),
    coordinates: points.map((point): [number, number] => [point.lon, point.lat]),
  };
}

/**
 * Sections of one trip: each point takes the mode of the last moving activity sensed at or
 * before it; a change of mode starts a section (sharing the boundary point). A mode seen at a
 * single point is folded into a neighbouring section, so one noisy reading does not split a trip.
 */
export function splitSections(points: Point[], activities: Activity[]): Omit<Section, 'tripId'>[] {
  const modes: string[] = [];
  let mode = 'UNKNOWN';
  let next = 0;
  for (const point of points) {
    while (next < activities.length && activities[next]!.ts <= point.ts) {
      mode = MODES[activities[next]!.type] ?? mode;
      next++;
    }
    modes.push(mode);
  }
  const runs: { mode: string; first: number; last: number }[] = [];
  for (let index = 0; index < points.length; index++) {
    const current = runs.at(-1);
    if (current && current.mode === modes[index]) current.last = index;
    else runs.push({ mode: modes[index]!, first: index, last: index });
  }
  const merged: typeof runs = [];
  let carried: number | undefined;
  for (const run of runs) {
    if (run.first === run.last && runs.length > 1) {
      const previous = merged.at(-1);
      if (previous) previous.last = run.last;
      else carried = run.first;
      continue;
    }
    if (carried !== undefined) run.first = carried;
    carried = undefined;
    merged.push(run);
  }
  if (merged.length === 0) merged.push({ mode: modes[0] ?? 'UNKNOWN', first: 0, last: points.length - 1 });
  return merged.map((run, index) => {
    // Sections share their boundary point so the trip's line has no gaps.
    const first = index === 0 ? run.first : Math.max(0, run.first - 1);
    return sectionOf(points.slice(first, run.last + 1), run.mode);
  });
}
