// One day of a heavy inactive user: a test phone left on a desk that logged at a fixed (often maximum)
// frequency all day — the stored data that slowed active users' queries in the e-mission story.
import type { SeededRandom } from '../seeded-random.ts';
import { type EntryContext, locationEntry, MOTION, motionEntry } from './emission-entries.ts';
import { DEG_PER_M, type EmissionUser } from './emission-users.ts';

/** `--inactive-rate max`: one fix per second, the fastest rate phone GPS chips report. */
export const MAX_RATE_INTERVAL_S = 1;

/** Appends a whole day of stationary entries, one location every `intervalS` seconds, to `out`. */
export function inactiveUserDay(
  out: string[],
  random: SeededRandom,
  user: EmissionUser,
  midnight: number,
  intervalS: number,
): void {
  const ctx: EntryContext = { timeZone: user.timeZone, platform: user.platform };
  // Activity recognition reports about once a minute on a still phone.
  const motionEvery = Math.max(1, Math.round(60 / intervalS));
  let n = 0;
  for (let ts = midnight; ts < midnight + 86_400; ts += intervalS, n++) {
    if (n % motionEvery === 0)
      out.push(motionEntry(ts, n % 7 === 0 ? MOTION.TILTING : MOTION.STILL, 95, ctx));
    const accuracy = 8 + random.next() * 25; // indoors: poorer fixes
    out.push(
      locationEntry(
        {
          ts,
          lat: user.home.lat + random.normal() * (accuracy / 3) * DEG_PER_M,
          lon: user.home.lon + random.normal() * (accuracy / 3) * DEG_PER_M,
          altitude: 12,
          accuracy,
          bearing: 0,
          speed: 0,
          filter: 'time',
        },
        ctx,
      ),
    );
  }
}
