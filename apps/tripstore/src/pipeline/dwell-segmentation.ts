// Dwell-based trip segmentation: a trip ends where the phone stays put, as in e-mission's
// DwellSegmentationTimeFilter.
import { distanceM } from '../geo.ts';

/**
 * e-mission-server, emission/analysis/intake/segmentation/trip_segmentation.py:
 * `DwellSegmentationTimeFilter(time_threshold = 5 * 60, point_threshold = 9, distance_threshold = 100)`.
 * A stop is a run of points within DWELL_DISTANCE_M of its first point lasting DWELL_TIME_S.
 */
export const DWELL_TIME_S = 5 * 60;
export const DWELL_DISTANCE_M = 100;

export interface Point {
  ts: number;
  lat: number;
  lon: number;
  timeZone: string;
}

/** Indexes into the point list: the first and last point of a stay. */
export interface Stop {
  first: number;
  last: number;
}

function runEnd(points: Point[], from: number): number {
  const anchor = points[from]!;
  let last = from;
  while (last + 1 < points.length) {
    const next = points[last + 1]!;
    if (distanceM(anchor.lat, anchor.lon, next.lat, next.lon) > DWELL_DISTANCE_M) break;
    last++;
  }
  return last;
}

/**
 * Stops in time-ordered points. The first point always opens a stop (the place the data starts
 * at, however short): the pipeline resumes from the end of the previous pass's last stop.
 */
export function findStops(points: Point[]): Stop[] {
  if (points.length === 0) return [];
  const stops: Stop[] = [{ first: 0, last: runEnd(points, 0) }];
  let at = stops[0]!.last + 1;
  while (at < points.length) {
    const last = runEnd(points, at);
    if (points[last]!.ts - points[at]!.ts >= DWELL_TIME_S) {
      stops.push({ first: at, last });
      at = last + 1;
    } else {
      at++;
    }
  }
  return stops;
}

export interface TripSpan {
  points: Point[];
}

/**
 * The trips between consecutive stops, and the time the next pass resumes from: the last
 * stop's last point (points after it belong to a trip still under way).
 * @example segmentTrips(points).trips.length // 3 for a day home → work → shop → home
 */
export function segmentTrips(points: Point[]): { trips: TripSpan[]; resumeTs: number | null } {
  const stops = findStops(points);
  const trips: TripSpan[] = [];
  for (let index = 1; index < stops.length; index++) {
    const from = stops[index - 1]!.last;
    const to = stops[index]!.first;
    if (to > from) trips.push({ points: points.slice(from, to + 1) });
  }
  const lastStop = stops.at(-1);
  return { trips, resumeTs: lastStop ? points[lastStop.last]!.ts : null };
}
