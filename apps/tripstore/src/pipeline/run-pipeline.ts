// The intake pipeline: usercache → long-term timeseries → trips and sections, per user, resuming
// where the user's previous pass stopped so that a pass costs O(users with new data).
import type { Entry } from '../entry-shape.ts';
import { localDay } from '../local-day.ts';
import type { NewTrip, PhoneDocument, Storage } from '../storage/storage.ts';
import { type Point, segmentTrips } from './dwell-segmentation.ts';
import { type Activity, pathLengthM, splitSections } from './sections.ts';

export interface PassSummary {
  users: number;
  /** Users whose pass failed; they stay queued. */
  failed: number;
  moved: number;
  trips: number;
}

/** Upper bound of "all later data" in timeseries reads (Unix seconds far beyond any phone clock). */
const END_OF_TIME = 32_503_680_000;
/** Motion activity is read from this long before a trip: phones report a mode before they move. */
const ACTIVITY_LOOKBACK_S = 10 * 60;
/** Users per pass, so one pass stays bounded however many phones uploaded. */
export const USERS_PER_PASS = 500;

function pointOf(entry: Entry): Point {
  const data = entry.data as { ts?: number; latitude: number; longitude: number };
  return {
    ts: data.ts ?? entry.metadata.write_ts,
    lat: data.latitude,
    lon: data.longitude,
    timeZone: entry.metadata.time_zone ?? 'UTC',
  };
}

function tripSummary(trip: NewTrip) {
  return {
    start_ts: trip.trip.startTs,
    end_ts: trip.trip.endTs,
    distance: Math.round(trip.trip.distanceM),
    modes: trip.sections.map((section) => section.mode),
  };
}

/** Segments one user's new location points and saves the trips, day documents and progress. */
export async function processUser(store: Storage, uuid: string, now = Date.now() / 1000) {
  const moved = await store.moveUsercache(uuid);
  const { lastTs } = await store.pipelineState(uuid);
  const from = lastTs ?? 0;
  const locations = await store.readTimeseries(uuid, ['background/location'], from, END_OF_TIME);
  const points = locations.map(pointOf);
  const { trips: spans, resumeTs } = segmentTrips(points);
  let activities: Activity[] = [];
  if (spans.length > 0) {
    const until = spans.at(-1)!.points.at(-1)!.ts;
    const entries = await store.readTimeseries(
      uuid,
      ['background/motion_activity'],
      from - ACTIVITY_LOOKBACK_S,
      until,
    );
    activities = entries.map((entry) => ({ ts: Number(entry.data.ts), type: Number(entry.data.type) }));
  }
  const trips: NewTrip[] = spans.map(({ points: tripPoints }) => {
    const first = tripPoints[0]!;
    const last = tripPoints.at(-1)!;
    return {
      trip: {
        startTs: first.ts,
        endTs: last.ts,
        localDay: localDay(first.ts, first.timeZone),
        timeZone: first.timeZone,
        distanceM: pathLengthM(tripPoints),
        start: [first.lon, first.lat],
        end: [last.lon, last.lat],
      },
      sections: splitSections(tripPoints, activities),
    };
  });
  const byDay = new Map<string, NewTrip[]>();
  for (const trip of trips) byDay.set(trip.trip.localDay, [...(byDay.get(trip.trip.localDay) ?? []), trip]);
  const documents: PhoneDocument[] = [...byDay].map(([day, dayTrips]) => ({
    key: `diary/trips-${day}`,
    writeTs: now,
    data: { trips: dayTrips.map(tripSummary) },
  }));
  await store.savePipelineResult(uuid, { trips, documents, lastTs: resumeTs ?? lastTs });
  return { moved, trips: trips.length };
}

/**
 * One pass over the users with unprocessed data.
 * @example await runPipelinePass(store) // { users: 3, failed: 0, moved: 1200, trips: 9 }
 */
export async function runPipelinePass(store: Storage, maxUsers = USERS_PER_PASS): Promise<PassSummary> {
  const summary: PassSummary = { users: 0, failed: 0, moved: 0, trips: 0 };
  const users = await store.takePendingUsers(maxUsers);
  for (const uuid of users) {
    try {
      const { moved, trips } = await processUser(store, uuid);
      summary.users++;
      summary.moved += moved;
      summary.trips += trips;
    } catch (error) {
      // One user's bad data must not stop everyone's pipeline: they are queued again and retried
      // on the next pass (their trips are saved in one transaction, so nothing was half-written).
      summary.failed++;
      console.error(`pipeline: user ${uuid} failed: ${(error as Error).message}`);
      await store.requeueUser(uuid);
    }
  }
  return summary;
}

/** Runs passes on an interval and on demand, never two at once in this process. */
export function createPipelineScheduler(store: Storage, intervalMs: number) {
  /** The pass under way, settled either way: a failed pass must not leave a rejection unhandled. */
  let running: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;

  function runNow(): Promise<PassSummary> {
    const pass = (running ?? Promise.resolve()).then(() => runPipelinePass(store));
    const settled = pass.then(
      () => {},
      () => {},
    );
    running = settled;
    void settled.then(() => {
      if (running === settled) running = undefined;
    });
    return pass;
  }

  function start(): void {
    if (intervalMs <= 0 || timer) return;
    timer = setInterval(function pipelineTick() {
      // An interval pass that fails is retried on the next tick; the error is logged, not fatal.
      if (!running)
        runNow().catch((error) => console.error(`pipeline pass failed: ${(error as Error).message}`));
    }, intervalMs);
    timer.unref();
  }

  async function stop(): Promise<void> {
    if (timer) clearInterval(timer);
    timer = undefined;
    await running;
  }

  return { runNow, start, stop };
}
export type PipelineScheduler = ReturnType<typeof createPipelineScheduler>;
