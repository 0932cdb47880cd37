// Serializes e-mission phone entries (the shared format: `{metadata, data}`, times as Unix seconds) with
// template strings: `synth emission` writes millions of them and the put scenario builds batches per
// request, so JSON.stringify of an object graph per entry is avoided on purpose.

export interface EntryContext {
  timeZone: string;
  platform: 'android' | 'ios';
}

/** e-mission's MotionTypes (emission/core/wrapper/motionactivity.py). */
export const MOTION = {
  IN_VEHICLE: 0,
  BICYCLING: 1,
  ON_FOOT: 2,
  STILL: 3,
  UNKNOWN: 4,
  TILTING: 5,
  WALKING: 7,
  RUNNING: 8,
} as const;

export type TransitionName = 'T_EXITED_GEOFENCE' | 'T_TRIP_STARTED' | 'T_TRIP_ENDED' | 'T_DATA_PUSHED';
export type StateName = 'STATE_WAITING_FOR_TRIP_START' | 'STATE_ONGOING_TRIP';

/** Rounds to `digits` decimals so files stay compact and byte-identical across runs. */
function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

function metadata(key: string, type: string, writeTs: number, ctx: EntryContext): string {
  return `"metadata":{"key":"${key}","write_ts":${round(writeTs, 3)},"read_ts":0,"time_zone":"${ctx.timeZone}","type":"${type}","platform":"${ctx.platform}"}`;
}

export interface LocationSample {
  ts: number;
  lat: number;
  lon: number;
  altitude: number;
  accuracy: number;
  bearing: number;
  speed: number;
  filter: 'time' | 'distance';
}

/** `{"metadata":…,"data":…}` of a `background/location` entry; written 0.3 s after sensing. */
export function locationEntry(s: LocationSample, ctx: EntryContext): string {
  const lat = round(s.lat, 6);
  const lon = round(s.lon, 6);
  return `{${metadata('background/location', 'sensor-data', s.ts + 0.3, ctx)},"data":{"ts":${round(s.ts, 3)},"latitude":${lat},"longitude":${lon},"altitude":${round(s.altitude, 1)},"accuracy":${round(s.accuracy, 1)},"bearing":${round(s.bearing, 1)},"speed":${round(s.speed, 2)},"filter":"${s.filter}","loc":{"type":"Point","coordinates":[${lon},${lat}]}}}`;
}

/** A `background/motion_activity` entry. */
export function motionEntry(ts: number, type: number, confidence: number, ctx: EntryContext): string {
  return `{${metadata('background/motion_activity', 'sensor-data', ts + 0.2, ctx)},"data":{"ts":${round(ts, 3)},"type":${type},"confidence":${confidence}}}`;
}

/** A `statemachine/transition` entry. */
export function transitionEntry(
  ts: number,
  state: StateName,
  transition: TransitionName,
  ctx: EntryContext,
): string {
  return `{${metadata('statemachine/transition', 'message', ts + 0.1, ctx)},"data":{"ts":${round(ts, 3)},"currState":"${state}","transition":"${transition}"}}`;
}

/** One line of the `synth emission` file: the entry with the user token in front. */
export function withUser(token: string, entry: string): string {
  return `{"user":"${token}",${entry.slice(1)}`;
}
