import { expect, test } from 'vitest';
import { DWELL_TIME_S, findStops, type Point, segmentTrips } from './dwell-segmentation.ts';

/** Points a minute apart: `stay` minutes at one place, then `move` minutes 500 m per minute north. */
function track(stay: number, move: number, stayAgain: number): Point[] {
  const points: Point[] = [];
  let lat = 52;
  const add = (minutes: number, step: number) => {
    for (let minute = 0; minute < minutes; minute++) {
      lat += step;
      points.push({ ts: points.length * 60, lat, lon: 4, timeZone: 'UTC' });
    }
  };
  add(stay, 0);
  add(move, 500 / 111_320);
  add(stayAgain, 0);
  return points;
}

test('a stay of five minutes within 100 m ends a trip; a shorter pause does not', () => {
  const trip = track(10, 15, DWELL_TIME_S / 60 + 1);
  expect(findStops(trip)).toEqual([
    { first: 0, last: 9 },
    { first: 24, last: 30 },
  ]);
  const { trips, resumeTs } = segmentTrips(trip);
  expect(trips.map((span) => [span.points[0]!.ts / 60, span.points.at(-1)!.ts / 60])).toEqual([[9, 24]]);
  expect(resumeTs).toBe(30 * 60);

  const pausedTooShortly = track(10, 15, 4);
  expect(segmentTrips(pausedTooShortly).trips).toEqual([]);
  // The trip under way is left for the next pass, which resumes at the end of the first stay.
  expect(segmentTrips(pausedTooShortly).resumeTs).toBe(9 * 60);
});
