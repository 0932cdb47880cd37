// `synth emission`: the e-mission phone entries of N active users (and optional heavy inactive users)
// over D days, as batches per user-day so a file writer and an uploader can share the generation.
import { InputError, parseDurationMs } from '@loadlens/types';
import { createRandom, mixSeed } from '../seeded-random.ts';
import { withUser } from './emission-entries.ts';
import { inactiveUserDay, MAX_RATE_INTERVAL_S } from './emission-inactive.ts';
import { activeUserDay } from './emission-trips.ts';
import { DEFAULT_START_DAY, type EmissionUser, emissionUser, localMidnight } from './emission-users.ts';

export interface EmissionSynthOptions {
  users: number;
  days: number;
  seed: number;
  /** First day of data, YYYY-MM-DD, in each user's own time zone (default 2026-11-01). */
  start?: string;
  inactive?: number;
  /** Seconds between an inactive phone's fixes (default: max, 1 s). */
  inactiveIntervalS?: number;
}

/** One user-day: the user and its entries as `{metadata, data}` JSON strings (no `user` field). */
export interface EmissionBatch {
  user: EmissionUser;
  day: number;
  entries: string[];
}

/** Parses `--inactive-rate`: "max" or a duration like "5s". */
export function parseInactiveRate(value: string): number {
  if (value === 'max') return MAX_RATE_INTERVAL_S;
  let ms: number | undefined;
  try {
    ms = parseDurationMs(value);
  } catch {
    ms = undefined;
  }
  if (ms === undefined || !Number.isFinite(ms) || ms < 1000)
    throw new InputError(
      `--inactive-rate "${value}": expected "max" or an interval of at least 1s, like "5s"`,
    );
  return ms / 1000;
}

function checkOptions(o: EmissionSynthOptions): Required<EmissionSynthOptions> {
  const start = o.start ?? DEFAULT_START_DAY;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(start) || Number.isNaN(Date.parse(start)))
    throw new InputError(`--start "${start}": expected a day like 2026-11-01`);
  for (const [flag, value, min] of [
    ['--users', o.users, 0],
    ['--days', o.days, 1],
    ['--seed', o.seed, 0],
    ['--inactive', o.inactive ?? 0, 0],
  ] as const)
    if (!Number.isInteger(value) || value < min)
      throw new InputError(`${flag} "${value}": expected an integer ≥ ${min}`);
  if ((o.users | 0) + (o.inactive ?? 0) === 0) throw new InputError('--users: expected at least one user');
  return { start, inactive: 0, inactiveIntervalS: MAX_RATE_INTERVAL_S, ...o };
}

/** The days of one user, each day's entries in time order. */
export function* userBatches(
  options: EmissionSynthOptions,
  kind: 'active' | 'inactive',
  index: number,
): Generator<EmissionBatch> {
  const o = checkOptions(options);
  const user = emissionUser(o.seed, index, kind);
  for (let day = 0; day < o.days; day++) {
    // One stream per user-day: a user's data doesn't change when --users or --days grow.
    const random = createRandom(mixSeed(o.seed, kind === 'active' ? 10 : 20, index, day));
    const midnight = localMidnight(o.start, day, user.timeZone);
    const entries: string[] = [];
    if (kind === 'active') {
      const weekday = new Date(Date.parse(`${o.start}T12:00:00Z`) + day * 86_400_000).getUTCDay();
      activeUserDay(entries, random, user, midnight, weekday === 0 || weekday === 6);
    } else inactiveUserDay(entries, random, user, midnight, o.inactiveIntervalS);
    yield { user, day, entries };
  }
}

/** Every user of the options as [kind, index]: active users first, then the heavy inactive ones. */
export function usersOf(options: EmissionSynthOptions): ['active' | 'inactive', number][] {
  const o = checkOptions(options);
  const all: ['active' | 'inactive', number][] = [];
  for (let i = 0; i < o.users; i++) all.push(['active', i]);
  for (let i = 0; i < o.inactive; i++) all.push(['inactive', i]);
  return all;
}

/**
 * The entries, user by user and day by day. Deterministic: the same options give the same entries on
 * every machine.
 * @example for (const batch of emissionBatches({ users: 10, days: 2, seed: 1 })) write(batchLines(batch))
 */
export function* emissionBatches(options: EmissionSynthOptions): Generator<EmissionBatch> {
  for (const [kind, index] of usersOf(options)) yield* userBatches(options, kind, index);
}

/** Lines of the `synth emission` file for one batch (the shared format: the `user` token first). */
export function batchLines(batch: EmissionBatch): string {
  let text = '';
  for (const entry of batch.entries) text += `${withUser(batch.user.token, entry)}\n`;
  return text;
}
