// The synthetic e-mission population: who each user is (token, phone platform, time zone, home and work),
// derived from the seed and the user's index alone, so `synth emission` and the emission request scenarios
// agree on which users and days hold data without sharing any state.
import { createRandom, mixSeed } from '../seeded-random.ts';

export interface EmissionUser {
  token: string;
  platform: 'android' | 'ios';
  timeZone: string;
  home: { lat: number; lon: number };
  work: { lat: number; lon: number };
}

/** Cities of e-mission deployments (Berkeley, Amsterdam, Bangalore, ...) so users span time zones. */
const CITIES = [
  { timeZone: 'America/Los_Angeles', lat: 37.8715, lon: -122.273 },
  { timeZone: 'Europe/Amsterdam', lat: 52.3676, lon: 4.9041 },
  { timeZone: 'Asia/Kolkata', lat: 12.9716, lon: 77.5946 },
  { timeZone: 'America/New_York', lat: 40.7128, lon: -74.006 },
  { timeZone: 'America/Sao_Paulo', lat: -23.5505, lon: -46.6333 },
  { timeZone: 'Australia/Sydney', lat: -33.8688, lon: 151.2093 },
] as const;

/** Metres → degrees of latitude (mean Earth radius 6,371 km). */
export const DEG_PER_M = 180 / (Math.PI * 6_371_000);

/** Default first day of data (the shared e-mission format's `--start`). */
export const DEFAULT_START_DAY = '2026-11-01';

/**
 * The `index`-th active (or heavy inactive) user of `seed`.
 * @example emissionUser(1, 0, 'active').token // "user-1-0"
 */
export function emissionUser(seed: number, index: number, kind: 'active' | 'inactive'): EmissionUser {
  const random = createRandom(mixSeed(seed, kind === 'active' ? 1 : 2, index));
  const city = random.pick(CITIES);
  // Homes within ~8 km of the centre; work 2–12 km from home: commutes that walking, cycling and driving
  // all plausibly cover.
  const home = offset(city, random.between(0, 8000), random.between(0, 2 * Math.PI));
  const work = offset(home, random.between(2000, 12000), random.between(0, 2 * Math.PI));
  return {
    token: kind === 'active' ? `user-${seed}-${index}` : `inactive-${seed}-${index}`,
    // Android's share of e-mission installs is roughly two thirds (OpenPATH deployments' reports).
    platform: random.next() < 0.66 ? 'android' : 'ios',
    timeZone: city.timeZone,
    home,
    work,
  };
}

/** The point `metres` away from `from` in direction `bearing` (radians from north), flat-earth approx. */
export function offset(from: { lat: number; lon: number }, metres: number, bearing: number) {
  const dLat = metres * Math.cos(bearing) * DEG_PER_M;
  const dLon = (metres * Math.sin(bearing) * DEG_PER_M) / Math.cos((from.lat * Math.PI) / 180);
  return { lat: from.lat + dLat, lon: from.lon + dLon };
}

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** Seconds to add to UTC to get local time in `timeZone` at `utcSeconds`. */
export function zoneOffsetSeconds(timeZone: string, utcSeconds: number): number {
  let format = offsetFormatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    offsetFormatters.set(timeZone, format);
  }
  const parts: Record<string, number> = {};
  for (const p of format.formatToParts(new Date(utcSeconds * 1000))) parts[p.type] = Number(p.value);
  const local = Date.UTC(
    parts.year!,
    parts.month! - 1,
    parts.day!,
    parts.hour!,
    parts.minute!,
    parts.second!,
  );
  return Math.round(local / 1000 - Math.floor(utcSeconds));
}

/** Unix seconds of local midnight of `day` (YYYY-MM-DD) plus `dayIndex` days, in `timeZone`. */
export function localMidnight(day: string, dayIndex: number, timeZone: string): number {
  const utcMidnight = Date.parse(`${day}T00:00:00Z`) / 1000 + dayIndex * 86_400;
  // The offset at local noon: never ambiguous, and DST switches happen at night.
  return utcMidnight - zoneOffsetSeconds(timeZone, utcMidnight + 12 * 3600);
}

/** `day` plus `dayIndex` days as YYYY-MM-DD. */
export function addDays(day: string, dayIndex: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + dayIndex * 86_400_000).toISOString().slice(0, 10);
}
