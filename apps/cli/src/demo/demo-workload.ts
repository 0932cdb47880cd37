// The demo's workload: the e-mission user model (phones sync and poll; people open their timeline),
// ramped in stages so the run walks up the latency-vs-load curve and the knee shows.
import type { WorkloadInput } from '@loadlens/types';

export interface DemoWorkloadOptions {
  /** Seed shared with `synth emission`, so the requests' users and days hit seeded data. */
  seed: number;
  /** Active users seeded with data (requests pick among them). */
  seededUsers: number;
  seededDays: number;
  start: string;
  /** Length of each of the four ramp stages, seconds. */
  stageSeconds: number;
  /** Users of the model at the top of the ramp. */
  peakUsers: number;
}

/**
 * Actions per user per minute, after e-mission's phone app: a background sync pushes what the phone
 * sensed every few minutes, devices poll the usercache for server-to-phone documents, and a person
 * opens the diary (trips of a day, raw entries, pipeline state) now and then.
 */
export const EMISSION_ACTIONS_PER_MINUTE = {
  put: 0.3,
  poll: 1,
  trips: 0.2,
  entries: 0.3,
  complete: 0.2,
} as const;

/** Builds the workload; written to the output folder so the run can be repeated with `loadlens run`. */
export function demoWorkload(options: DemoWorkloadOptions): WorkloadInput {
  const stage = `${options.stageSeconds}s`;
  const peak = options.peakUsers;
  return {
    name: 'emission-demo',
    description: 'e-mission user model against tripstore, ramped in four stages',
    seed: options.seed,
    users: { count: peak, perMinute: { ...EMISSION_ACTIONS_PER_MINUTE } },
    startScale: 0.1,
    stages: [
      { name: 'warm', duration: stage, users: Math.round(peak * 0.25) },
      { name: 'half', duration: stage, users: Math.round(peak * 0.5) },
      { name: 'three-quarters', duration: stage, users: Math.round(peak * 0.75) },
      { name: 'peak', duration: stage, users: peak },
    ],
    slo: { p99: '500ms', errors: '1%' },
    timeout: '10s',
    data: {
      emission: {
        users: options.seededUsers,
        days: options.seededDays,
        seed: options.seed,
        start: options.start,
      },
    },
    operations: [
      { name: 'put', method: 'POST', path: '/usercache/put', body: { scenario: 'emission.put' } },
      { name: 'poll', method: 'POST', path: '/usercache/get', body: { scenario: 'emission.get' } },
      {
        name: 'trips',
        method: 'POST',
        path: '/timeline/getTrips/{day}',
        body: { scenario: 'emission.get-trips' },
      },
      {
        name: 'entries',
        method: 'POST',
        path: '/datastreams/find_entries/{time_type}',
        body: { scenario: 'emission.find-entries' },
      },
      {
        name: 'complete',
        method: 'POST',
        path: '/pipeline/get_complete_ts',
        body: { scenario: 'emission.complete-ts' },
      },
    ],
  };
}
