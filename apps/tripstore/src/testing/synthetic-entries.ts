// A small seeded generator of e-mission entries for tripstore's own tests (the real one is
// `loadlens synth emission`; this one only needs days with a known number of trips).

export interface FileEntry {
  user: string;
  metadata: {
    key: string;
    write_ts: number;
    read_ts: number;
    time_zone: string;
    type: string;
    platform: string;
  };
  data: Record<string, unknown>;
}

/** mulberry32: a tiny deterministic PRNG, so every run builds the same points. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return function next() {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface DayOptions {
  user: string;
  /** Trips in the day; each has a WALKING then an IN_VEHICLE section. */
  trips: number;
  seed?: number;
  /** Local day in Europe/Amsterdam (UTC+1 in November); the first stay starts 07:00 local. */
  day?: string;
  timeZone?: string;
}

const METRES_PER_DEGREE_LAT = 111_320;

/**
 * Entries of one day: a stay of 30 min at each place (a point a minute), and between places a
 * trip of 20 points 30 s apart, 300 m apart, walking for 5 points then in a vehicle.
 * @example syntheticDay({ user: 'user-1-0', trips: 3 }).length // 3 stays… a few hundred entries
 */
export function syntheticDay(options: DayOptions): FileEntry[] {
  const next = random(options.seed ?? 1);
  const timeZone = options.timeZone ?? 'Europe/Amsterdam';
  const entries: FileEntry[] = [];
  let ts = Date.parse(`${options.day ?? '2026-11-01'}T06:00:00Z`) / 1000;
  let lat = 52.37;
  let lon = 4.89;
  const push = (key: string, type: string, data: Record<string, unknown>) =>
    entries.push({
      user: options.user,
      metadata: { key, write_ts: ts + 0.5, read_ts: 0, time_zone: timeZone, type, platform: 'android' },
      data: { ts, ...data },
    });
  const location = () => {
    const jitter = () => (next() - 0.5) * 0.0001;
    const [pointLat, pointLon] = [lat + jitter(), lon + jitter()];
    push('background/location', 'sensor-data', {
      latitude: pointLat,
      longitude: pointLon,
      altitude: 0,
      accuracy: 10,
      bearing: 0,
      speed: 0,
      filter: 'time',
      loc: { type: 'Point', coordinates: [pointLon, pointLat] },
    });
  };
  const stay = () => {
    push('background/motion_activity', 'sensor-data', { type: 3, confidence: 90 });
    for (let minute = 0; minute < 30; minute++) {
      location();
      ts += 60;
    }
  };
  for (let trip = 0; trip < options.trips; trip++) {
    stay();
    push('statemachine/transition', 'message', {
      currState: 'STATE_ONGOING_TRIP',
      transition: 'T_TRIP_STARTED',
    });
    push('background/motion_activity', 'sensor-data', { type: 7, confidence: 80 });
    const heading = next() * 2 * Math.PI;
    for (let step = 0; step < 20; step++) {
      if (step === 5) push('background/motion_activity', 'sensor-data', { type: 0, confidence: 90 });
      ts += 30;
      lat += (300 * Math.cos(heading)) / METRES_PER_DEGREE_LAT;
      lon += (300 * Math.sin(heading)) / (METRES_PER_DEGREE_LAT * Math.cos((lat * Math.PI) / 180));
      location();
    }
    ts += 30;
  }
  stay();
  return entries;
}

/** The entry without its top-level user, as phones put it. */
export function phoneEntry({ user: _user, ...entry }: FileEntry) {
  return entry;
}
