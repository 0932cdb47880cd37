// The one storage interface both adapters (PostgreSQL through `pg`, MongoDB through `mongodb`) implement.
import type { Entry, StoredEntry } from '../entry-shape.ts';
import type { FixedSet } from '../fixes.ts';
import type { QueryStats } from './query-stats.ts';

export interface UserRecord {
  uuid: string;
  /** Bumped whenever the user's server_to_phone documents change: the cheap change-check for polling. */
  version: number;
}

/** A stored trip and the sections it was split into. */
export interface Trip {
  id: string;
  startTs: number;
  endTs: number;
  localDay: string;
  timeZone: string;
  distanceM: number;
  start: [number, number];
  end: [number, number];
}

export interface Section {
  tripId: string;
  startTs: number;
  endTs: number;
  mode: string;
  distanceM: number;
  /** [lon, lat] pairs, GeoJSON order. */
  coordinates: [number, number][];
}

export interface NewTrip {
  trip: Omit<Trip, 'id'>;
  sections: Omit<Section, 'tripId'>[];
}

/** A server_to_phone document (e-mission's usercache "document" entries, e.g. `diary/trips-2026-11-01`). */
export interface PhoneDocument {
  key: string;
  writeTs: number;
  data: Record<string, unknown>;
}

/** One line of a seed file, parsed: an entry with its user token. */
export interface SeedEntry extends Entry {
  user: string;
}

export interface PipelineState {
  /** Sensed time up to which location points have been segmented; null before the first trip. */
  lastTs: number | null;
}

/** What a pass of the intake pipeline writes for one user, atomically. */
export interface PipelineResult {
  trips: NewTrip[];
  documents: PhoneDocument[];
  lastTs: number | null;
}

export interface Explained {
  /** `index` when the timeseries read uses an index (Index Scan, Bitmap Index Scan, IXSCAN). */
  access: 'scan' | 'index';
  /** The plan's node or stage names, outermost first, e.g. ['Sort', 'Seq Scan']. */
  nodes: string[];
}

export interface Storage {
  readonly kind: 'postgres' | 'mongodb';
  readonly fixed: FixedSet;
  readonly stats: QueryStats;
  createUser(token: string): Promise<string>;
  findUser(token: string): Promise<UserRecord | null>;
  /** Upserts on user + metadata.type + metadata.write_ts + metadata.key; all or nothing. */
  putUsercache(uuid: string, entries: StoredEntry[]): Promise<{ inserted: number; updated: number }>;
  /** The full server_to_phone query: every document of the user. */
  serverToPhone(uuid: string): Promise<PhoneDocument[]>;
  /** Timeseries rows as whole records (`SELECT *`): what the `serialize` bottleneck hydrates. */
  findEntryRows(uuid: string, keys: string[], start: number, end: number): Promise<Record<string, unknown>[]>;
  /** Timeseries entries as JSON text, projected to metadata + data, in batches: the fix for `serialize`. */
  findEntryJson(uuid: string, keys: string[], start: number, end: number): AsyncIterable<string[]>;
  /** Trips of a local day with their sections; one sections query per trip unless `n-plus-one` is fixed. */
  tripsOfDay(uuid: string, day: string): Promise<{ trip: Trip; sections: Section[] }[]>;
  completeTs(uuid: string): Promise<number | null>;
  /** Users with entries the pipeline has not seen; clears their pending mark. */
  takePendingUsers(limit: number): Promise<string[]>;
  /** Moves the user's usercache entries to the long-term timeseries; returns how many. */
  moveUsercache(uuid: string): Promise<number>;
  pipelineState(uuid: string): Promise<PipelineState>;
  /** Puts a user back in the queue (after a pass failed on them). */
  requeueUser(uuid: string): Promise<void>;
  /** The timeseries read the API and pipeline share: user + keys + sensed time range, ordered by time. */
  readTimeseries(uuid: string, keys: string[], start: number, end: number): Promise<Entry[]>;
  savePipelineResult(uuid: string, result: PipelineResult): Promise<void>;
  /** Loads entries straight into the long-term timeseries (seeding), creating their users. */
  seedBatch(entries: SeedEntry[]): Promise<void>;
  /** Queues these users (by token) for the pipeline after seeding, and refreshes planner statistics. */
  markPending(tokens: string[]): Promise<void>;
  /** How the timeseries read above is executed (EXPLAIN / explain()), for tests and demos. */
  explainTimeseries(uuid: string, key: string, start: number, end: number): Promise<Explained>;
  close(): Promise<void>;
}

/** The pipeline and seeding part of Storage, which each adapter builds in its own *-pipeline-ops.ts. */
export type PipelineOps = Pick<
  Storage,
  | 'takePendingUsers'
  | 'requeueUser'
  | 'moveUsercache'
  | 'pipelineState'
  | 'readTimeseries'
  | 'savePipelineResult'
  | 'seedBatch'
  | 'markPending'
>;
