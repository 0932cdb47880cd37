// The emission scenario family: valid tripstore (e-mission-like) requests for every endpoint, for users
// and days that `synth emission` seeded with the same seed, so reads hit data.
import type { SeededRandom } from '../seeded-random.ts';
import {
  type EntryContext,
  locationEntry,
  MOTION,
  motionEntry,
  transitionEntry,
} from '../synth/emission-entries.ts';
import {
  addDays,
  DEFAULT_START_DAY,
  DEG_PER_M,
  type EmissionUser,
  emissionUser,
  localMidnight,
} from '../synth/emission-users.ts';
import { optionReader } from './family-options.ts';
import type { Scenario, ScenarioFamily, ScenarioFamilyInstance } from './scenario.ts';

const JSON_TYPE = 'application/json';

/** Phone sampling intervals while moving (the shared format): Android 30 s, iOS 15 min. */
const INTERVAL_S = { android: 30, ios: 900 } as const;

function createEmission(options: unknown, workloadSeed: number, clock: () => number): ScenarioFamilyInstance {
  const read = optionReader('emission', options);
  const users = read.int('users', 50, 1, 10_000_000);
  const days = read.int('days', 7, 1, 3650);
  const seed = read.int('seed', workloadSeed, 0, 2 ** 31 - 1);
  const start = read.day('start', DEFAULT_START_DAY);
  // Locations per uploaded batch: the e-mission app pushes what it sensed since its last sync.
  const batch = read.int('batch', 20, 1, 10_000);
  const findWindowHours = read.int('findWindowHours', 24, 1, 24);

  // Users are materialized lazily and kept: a few thousand small objects at most for realistic runs.
  const cache = new Map<number, { user: EmissionUser; prefix: string; ctx: EntryContext }>();
  function userAt(index: number) {
    let entry = cache.get(index);
    if (!entry) {
      const user = emissionUser(seed, index, 'active');
      entry = {
        user,
        prefix: `{"user":"${user.token}"`,
        ctx: { timeZone: user.timeZone, platform: user.platform },
      };
      cache.set(index, entry);
    }
    return entry;
  }
  const pickUser = (random: SeededRandom) => userAt(random.int(users));

  const userOnly: Scenario = {
    contentType: JSON_TYPE,
    provides: ['user'],
    draw: function drawUserOnly(random) {
      const { user, prefix } = pickUser(random);
      return { body: `${prefix}}`, vars: { user: user.token } };
    },
  };

  const put: Scenario = {
    contentType: JSON_TYPE,
    provides: ['user'],
    draw: function drawPut(random) {
      const { user, prefix, ctx } = pickUser(random);
      const now = clock() / 1000;
      const step = INTERVAL_S[user.platform];
      const entries: string[] = [];
      // A walk away from home ending now: a plausible stretch of a trip at ~1.4 m/s.
      const bearing = random.between(0, 2 * Math.PI);
      for (let i = batch - 1; i >= 0; i--) {
        const metres = (batch - 1 - i) * step * 1.4;
        entries.push(
          locationEntry(
            {
              ts: now - i * step,
              lat: user.home.lat + metres * Math.cos(bearing) * DEG_PER_M,
              lon:
                user.home.lon +
                (metres * Math.sin(bearing) * DEG_PER_M) / Math.cos((user.home.lat * Math.PI) / 180),
              altitude: 10 + random.between(0, 5),
              accuracy: random.between(3, 20),
              bearing: (bearing * 180) / Math.PI,
              speed: 1.4,
              filter: user.platform === 'android' ? 'time' : 'distance',
            },
            ctx,
          ),
        );
      }
      entries.push(motionEntry(now, MOTION.WALKING, 60 + random.int(41), ctx));
      entries.push(transitionEntry(now, 'STATE_ONGOING_TRIP', 'T_DATA_PUSHED', ctx));
      return { body: `${prefix},"phone_to_server":[${entries.join(',')}]}`, vars: { user: user.token } };
    },
  };

  const getTrips: Scenario = {
    contentType: JSON_TYPE,
    provides: ['user', 'day'],
    draw: function drawGetTrips(random) {
      const { user, prefix } = pickUser(random);
      return { body: `${prefix}}`, vars: { user: user.token, day: addDays(start, random.int(days)) } };
    },
  };

  const findEntries: Scenario = {
    contentType: JSON_TYPE,
    provides: ['user', 'time_type'],
    draw: function drawFindEntries(random) {
      const { user, prefix } = pickUser(random);
      // A window of a seeded local day: the whole day by default (what a diary screen loads), or
      // `findWindowHours` at a random offset inside it.
      const from =
        localMidnight(start, random.int(days), user.timeZone) + random.int(24 - findWindowHours + 1) * 3600;
      return {
        body: `${prefix},"key_list":["background/location"],"start_time":${from},"end_time":${from + findWindowHours * 3600}}`,
        vars: { user: user.token, time_type: 'timestamp' },
      };
    },
  };

  const scenarios: Record<string, Scenario> = {
    'profile-create': userOnly,
    put,
    get: userOnly,
    'get-trips': getTrips,
    'find-entries': findEntries,
    'complete-ts': userOnly,
    user: userOnly,
  };
  const variables: Record<string, (random: SeededRandom) => string> = {
    user: (random) => pickUser(random).user.token,
    day: (random) => addDays(start, random.int(days)),
    time_type: () => 'timestamp',
  };
  return {
    scenario: (name) => scenarios[name],
    variable: (name) => variables[name],
  };
}

/**
 * Scenarios: `emission.profile-create`, `.put`, `.get`, `.get-trips` (`{day}`), `.find-entries`
 * (`{time_type}`), `.complete-ts`, `.user`. Options in `data.emission`: users (50), days (7),
 * start ("2026-11-01"), seed (the workload's), batch (20 locations per put), findWindowHours (24).
 */
export const emissionFamily: ScenarioFamily = {
  name: 'emission',
  scenarios: ['profile-create', 'put', 'get', 'get-trips', 'find-entries', 'complete-ts', 'user'],
  variables: ['user', 'day', 'time_type'],
  create: createEmission,
};
