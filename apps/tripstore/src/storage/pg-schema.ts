// The PostgreSQL schema, and the one index the `index` bottleneck leaves out.
import type { PgRunner } from './pg-runner.ts';

const TABLES = `
CREATE TABLE IF NOT EXISTS users (
  uuid uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  token text NOT NULL UNIQUE,
  version integer NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS usercache (
  id bigserial PRIMARY KEY,
  user_uuid uuid NOT NULL,
  key text NOT NULL,
  type text NOT NULL,
  write_ts double precision NOT NULL,
  ts double precision NOT NULL,
  metadata jsonb NOT NULL,
  data jsonb NOT NULL,
  UNIQUE (user_uuid, type, write_ts, key)
);
CREATE TABLE IF NOT EXISTS timeseries (
  id bigserial PRIMARY KEY,
  user_uuid uuid NOT NULL,
  key text NOT NULL,
  write_ts double precision NOT NULL,
  ts double precision NOT NULL,
  metadata jsonb NOT NULL,
  data jsonb NOT NULL
);
CREATE TABLE IF NOT EXISTS trips (
  id bigserial PRIMARY KEY,
  user_uuid uuid NOT NULL,
  start_ts double precision NOT NULL,
  end_ts double precision NOT NULL,
  local_day text NOT NULL,
  time_zone text NOT NULL,
  distance_m double precision NOT NULL,
  start_loc double precision[] NOT NULL,
  end_loc double precision[] NOT NULL
);
CREATE INDEX IF NOT EXISTS trips_user_day ON trips (user_uuid, local_day);
CREATE TABLE IF NOT EXISTS sections (
  id bigserial PRIMARY KEY,
  trip_id bigint NOT NULL REFERENCES trips (id) ON DELETE CASCADE,
  start_ts double precision NOT NULL,
  end_ts double precision NOT NULL,
  mode text NOT NULL,
  distance_m double precision NOT NULL,
  coordinates jsonb NOT NULL
);
CREATE INDEX IF NOT EXISTS sections_trip ON sections (trip_id);
CREATE TABLE IF NOT EXISTS server_to_phone (
  user_uuid uuid NOT NULL,
  key text NOT NULL,
  write_ts double precision NOT NULL,
  data jsonb NOT NULL,
  PRIMARY KEY (user_uuid, key)
);
CREATE TABLE IF NOT EXISTS pipeline_state (
  user_uuid uuid PRIMARY KEY,
  pending boolean NOT NULL DEFAULT true,
  last_ts double precision
);
`;

/** The compound index timeseries reads need: without it they scan every user's rows. */
const TIMESERIES_INDEX =
  'CREATE INDEX IF NOT EXISTS timeseries_user_key_ts ON timeseries (user_uuid, key, ts)';
const DROP_TIMESERIES_INDEX = 'DROP INDEX IF EXISTS timeseries_user_key_ts';

/**
 * Creates the tables and makes the timeseries index match the `index` fix: present when fixed,
 * dropped when not, so one data directory can be run both ways.
 */
export async function migratePostgres(runner: PgRunner, indexFixed: boolean): Promise<void> {
  await runner.query(TABLES);
  await runner.query(indexFixed ? TIMESERIES_INDEX : DROP_TIMESERIES_INDEX);
  await runner.query('ANALYZE timeseries');
}
