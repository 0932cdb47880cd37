// One synthetic day of an active e-mission user: trips between home, work and other places along
// L-shaped street paths at walking, cycling or driving speed, with stops at lights, each framed by the
// state machine's transitions and motion activity — the entries a phone would upload for that day.
import type { SeededRandom } from '../seeded-random.ts';
import {
  type EntryContext,
  locationEntry,
  MOTION,
  motionEntry,
  transitionEntry,
} from './emission-entries.ts';
import { DEG_PER_M, type EmissionUser, offset } from './emission-users.ts';

type Point = { lat: number; lon: number };

/** Sampling while moving, from the shared format: Android every 30 s (time filter), iOS every 15 min. */
export const MOVING_INTERVAL_S = { android: 30, ios: 900 } as const;

/** Mean speeds in m/s: walking 5 km/h, urban cycling 16 km/h, urban driving 40 km/h (typical survey values). */
const MODES = [
  { type: MOTION.WALKING, speed: 1.4, spread: 0.2, stops: 0 },
  { type: MOTION.BICYCLING, speed: 4.5, spread: 0.8, stops: 1 },
  { type: MOTION.IN_VEHICLE, speed: 11, spread: 3, stops: 3 },
] as const;

interface Segment {
  t0: number;
  t1: number;
  from: Point;
  to: Point;
  speed: number;
  bearing: number;
}

function distance(a: Point, b: Point): { north: number; east: number } {
  return {
    north: (b.lat - a.lat) / DEG_PER_M,
    east: ((b.lon - a.lon) / DEG_PER_M) * Math.cos((a.lat * Math.PI) / 180),
  };
}

function lerp(a: Point, b: Point, f: number): Point {
  return { lat: a.lat + (b.lat - a.lat) * f, lon: a.lon + (b.lon - a.lon) * f };
}

/** Appends the entries of one trip to `out`; returns the arrival time. */
function trip(
  out: string[],
  random: SeededRandom,
  ctx: EntryContext,
  from: Point,
  to: Point,
  depart: number,
): number {
  const d = distance(from, to);
  const length = Math.abs(d.north) + Math.abs(d.east);
  const mode = length < 1200 ? MODES[0] : length < 5000 && random.next() < 0.6 ? MODES[1] : MODES[2];
  const speed = Math.max(0.8, mode.speed + random.normal() * mode.spread);
  // Streets, not crow flight: go north/south first, then east/west (an L through the corner).
  const corner = { lat: to.lat, lon: from.lon };
  const segments: Segment[] = [];
  let t = depart;
  const legs: [Point, Point][] = [
    [from, corner],
    [corner, to],
  ];
  for (const [a, b] of legs) {
    const dd = distance(a, b);
    const legLength = Math.abs(dd.north) + Math.abs(dd.east);
    const bearing = ((Math.atan2(dd.east, dd.north) * 180) / Math.PI + 360) % 360;
    // Stops at lights: split the leg and wait 20–90 s at each split point.
    const stops = legLength > 300 ? random.int(mode.stops + 1) : 0;
    let start = a;
    for (let s = 1; s <= stops + 1; s++) {
      const end = s === stops + 1 ? b : lerp(a, b, s / (stops + 1));
      const span = legLength / (stops + 1) / speed;
      segments.push({ t0: t, t1: t + span, from: start, to: end, speed, bearing });
      t += span;
      if (s <= stops) {
        const wait = random.between(20, 90);
        segments.push({ t0: t, t1: t + wait, from: end, to: end, speed: 0, bearing });
        t += wait;
      }
      start = end;
    }
  }
  const arrive = t;
  out.push(transitionEntry(depart - 60, 'STATE_WAITING_FOR_TRIP_START', 'T_EXITED_GEOFENCE', ctx));
  out.push(transitionEntry(depart - 1, 'STATE_ONGOING_TRIP', 'T_TRIP_STARTED', ctx));
  const step = MOVING_INTERVAL_S[ctx.platform];
  const filter = ctx.platform === 'android' ? 'time' : 'distance';
  let segment = 0;
  let n = 0;
  // Samples every `step` seconds from departure, plus one at arrival so short iOS trips keep both ends.
  for (let ts = depart; ; ts += step) {
    const last = ts >= arrive;
    const at = last ? arrive : ts;
    while (segment < segments.length - 1 && at > (segments[segment] as Segment).t1) segment++;
    const seg = segments[segment] as Segment;
    const f = seg.t1 === seg.t0 ? 1 : (at - seg.t0) / (seg.t1 - seg.t0);
    const p = lerp(seg.from, seg.to, f);
    if (n % 4 === 0) out.push(motionEntry(at, mode.type, 70 + random.int(31), ctx));
    const accuracy = 4 + random.next() * 16;
    out.push(
      locationEntry(
        {
          ts: at,
          // GPS noise: ~accuracy/3 metres of scatter around the true position.
          lat: p.lat + random.normal() * (accuracy / 3) * DEG_PER_M,
          lon: p.lon + random.normal() * (accuracy / 3) * DEG_PER_M,
          altitude: 5 + random.next() * 20,
          accuracy,
          bearing: seg.bearing,
          speed: seg.speed === 0 ? 0 : Math.max(0, seg.speed + random.normal() * 0.5),
          filter,
        },
        ctx,
      ),
    );
    n++;
    if (last) break;
  }
  out.push(motionEntry(arrive + 1, MOTION.STILL, 90 + random.int(11), ctx));
  out.push(transitionEntry(arrive + 2, 'STATE_ONGOING_TRIP', 'T_TRIP_ENDED', ctx));
  out.push(transitionEntry(arrive + 32, 'STATE_WAITING_FOR_TRIP_START', 'T_DATA_PUSHED', ctx));
  return arrive + 32;
}

/**
 * Appends one local day of an active user's entries, in time order, to `out`.
 * @example activeUserDay(out, random, user, localMidnight('2026-11-01', 0, user.timeZone), false)
 */
export function activeUserDay(
  out: string[],
  random: SeededRandom,
  user: EmissionUser,
  midnight: number,
  weekend: boolean,
): void {
  const ctx: EntryContext = { timeZone: user.timeZone, platform: user.platform };
  const other = offset(user.home, random.between(500, 5000), random.between(0, 2 * Math.PI));
  const h = (hours: number) => midnight + hours * 3600;
  // [from, to, earliest departure (hours)]: a commute day or a weekend outing, with optional side trips.
  const plan: [Point, Point, number][] = weekend
    ? [
        [user.home, other, random.between(10, 12)],
        [other, user.home, random.between(13, 16)],
      ]
    : [
        [user.home, user.work, random.between(7, 9)],
        ...(random.next() < 0.3
          ? ([
              [user.work, other, random.between(12, 12.5)],
              [other, user.work, random.between(13, 13.5)],
            ] as [Point, Point, number][])
          : []),
        [user.work, user.home, random.between(17, 19)],
      ];
  if (random.next() < 0.4) {
    plan.push([user.home, other, random.between(19.5, 20.5)]);
    plan.push([other, user.home, random.between(21.5, 22.5)]);
  }
  let free = midnight;
  for (const [from, to, hour] of plan) {
    // The state machine would not start a trip before the last one ended: depart after it.
    free = trip(out, random, ctx, from, to, Math.max(h(hour), free + 120));
  }
}
