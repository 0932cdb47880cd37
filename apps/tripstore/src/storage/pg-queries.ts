// Every SQL statement tripstore runs on PostgreSQL, in one place so tests and EXPLAIN use the
// exact text the request paths run. Values always travel as `$n` parameters.

export const SQL = {
  createUser: `INSERT INTO users (token) VALUES ($1)
    ON CONFLICT (token) DO UPDATE SET token = EXCLUDED.token RETURNING uuid::text AS uuid`,
  findUser: 'SELECT uuid::text AS uuid, version FROM users WHERE token = $1',
  putUsercache: `INSERT INTO usercache (user_uuid, key, type, write_ts, ts, metadata, data)
    SELECT $1::uuid, e.key, e.type, e.write_ts, e.ts, e.metadata, e.data
    FROM jsonb_to_recordset($2::jsonb) AS e(key text, type text, write_ts float8, ts float8, metadata jsonb, data jsonb)
    ON CONFLICT (user_uuid, type, write_ts, key)
    DO UPDATE SET ts = EXCLUDED.ts, metadata = EXCLUDED.metadata, data = EXCLUDED.data
    RETURNING (xmax = 0) AS inserted`,
  markPending: `INSERT INTO pipeline_state (user_uuid, pending) VALUES ($1, true)
    ON CONFLICT (user_uuid) DO UPDATE SET pending = true`,
  serverToPhone: 'SELECT key, write_ts, data FROM server_to_phone WHERE user_uuid = $1 ORDER BY key',
  /** The timeseries read: user + keys + sensed time. Without the compound index it is a Seq Scan. */
  timeseries: `SELECT metadata, data FROM timeseries
    WHERE user_uuid = $1 AND key = ANY($2::text[]) AND ts >= $3 AND ts <= $4 ORDER BY ts, id`,
  /** The same read as whole rows: what the `serialize` bottleneck hydrates. */
  timeseriesRows: `SELECT * FROM timeseries
    WHERE user_uuid = $1 AND key = ANY($2::text[]) AND ts >= $3 AND ts <= $4 ORDER BY ts, id`,
  /** The same read projected to JSON text, so the app never parses or rebuilds a row. */
  timeseriesJson: `SELECT json_build_object('metadata', metadata, 'data', data)::text AS entry FROM timeseries
    WHERE user_uuid = $1 AND key = ANY($2::text[]) AND ts >= $3 AND ts <= $4 ORDER BY ts, id`,
  tripsOfDay: `SELECT id::text AS id, start_ts, end_ts, local_day, time_zone, distance_m, start_loc, end_loc
    FROM trips WHERE user_uuid = $1 AND local_day = $2 ORDER BY start_ts`,
  /** The `n-plus-one` bottleneck: one of these per trip. */
  sectionsOfTrip: `SELECT trip_id::text AS trip_id, start_ts, end_ts, mode, distance_m, coordinates
    FROM sections WHERE trip_id = $1 ORDER BY start_ts`,
  /** Its fix: every trip's sections at once. */
  sectionsOfTrips: `SELECT trip_id::text AS trip_id, start_ts, end_ts, mode, distance_m, coordinates
    FROM sections WHERE trip_id = ANY($1::bigint[]) ORDER BY trip_id, start_ts`,
  completeTs: 'SELECT last_ts FROM pipeline_state WHERE user_uuid = $1',
  takePending: `UPDATE pipeline_state SET pending = false WHERE user_uuid IN (
    SELECT user_uuid FROM pipeline_state WHERE pending LIMIT $1 FOR UPDATE SKIP LOCKED) RETURNING user_uuid::text AS uuid`,
  moveUsercache: `WITH moved AS (DELETE FROM usercache WHERE user_uuid = $1
      RETURNING user_uuid, key, write_ts, ts, metadata, data)
    INSERT INTO timeseries (user_uuid, key, write_ts, ts, metadata, data) SELECT * FROM moved`,
  insertTrip: `INSERT INTO trips (user_uuid, start_ts, end_ts, local_day, time_zone, distance_m, start_loc, end_loc)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id::text AS id`,
  insertSections: `INSERT INTO sections (trip_id, start_ts, end_ts, mode, distance_m, coordinates)
    SELECT s.trip_id, s.start_ts, s.end_ts, s.mode, s.distance_m, s.coordinates
    FROM jsonb_to_recordset($1::jsonb)
      AS s(trip_id bigint, start_ts float8, end_ts float8, mode text, distance_m float8, coordinates jsonb)`,
  /** server_to_phone day documents grow by appending this pass's trips. */
  upsertDocuments: `INSERT INTO server_to_phone (user_uuid, key, write_ts, data)
    SELECT $1::uuid, d.key, d.write_ts, d.data FROM jsonb_to_recordset($2::jsonb) AS d(key text, write_ts float8, data jsonb)
    ON CONFLICT (user_uuid, key) DO UPDATE SET write_ts = EXCLUDED.write_ts,
      data = jsonb_set(server_to_phone.data, '{trips}', (server_to_phone.data -> 'trips') || (EXCLUDED.data -> 'trips'))`,
  bumpVersion: 'UPDATE users SET version = version + 1 WHERE uuid = $1',
  saveProgress: `INSERT INTO pipeline_state (user_uuid, pending, last_ts) VALUES ($1, false, $2)
    ON CONFLICT (user_uuid) DO UPDATE SET last_ts = EXCLUDED.last_ts`,
  markTokensPending: `INSERT INTO pipeline_state (user_uuid, pending) SELECT uuid, true FROM users WHERE token = ANY($1::text[])
    ON CONFLICT (user_uuid) DO UPDATE SET pending = true`,
} as const;
