// Which stage a span's self time belongs to: application code, a database system, outbound HTTP,
// the proxy, or queueing (waiting for a pooled connection).
import { type NormalizedSpan, SEMCONV } from '@loadlens/types';

export const STAGE_APP = 'app';
export const STAGE_HTTP = 'http';
export const STAGE_PROXY = 'proxy';
export const STAGE_QUEUE = 'queue';

/**
 * Pool checkout spans: their time is waiting for a connection, not database work. Names as emitted by
 * instrumentation-pg (`pg-pool.connect`), instrumentation-mysql2/generic-pool (`generic-pool.acquire`),
 * Go's otelpgx for pgxpool (`pool.acquire`).
 */
const POOL_WAIT = /^(pg-pool\.connect|generic-pool\.acquire|mysql\.pool\.getConnection|pool\.acquire)$/;

// One string per database system, not one per database span: the stage is looked up in Maps per request
// and a fresh concatenation would be flattened and hashed each time.
const DB_STAGES = new Map<string, string>();
function dbStage(system: string): string {
  let stage = DB_STAGES.get(system);
  if (stage === undefined) {
    stage = `db:${system}`;
    // Bounded all the same: a file could name a system per span.
    if (DB_STAGES.size < 1_000) DB_STAGES.set(system, stage);
  }
  return stage;
}

/**
 * The stage of span i. `isProxy` marks a SERVER span that wraps another SERVER span of the same request
 * directly (the loadlens proxy in front of the app): its self time is the proxy hop.
 * @example stageOf(pgSpan, false) // 'db:postgresql'
 */
export function stageOf(span: NormalizedSpan, isProxy: boolean): string {
  if (isProxy) return STAGE_PROXY;
  if (POOL_WAIT.test(span.name)) return STAGE_QUEUE;
  const system = span.attributes[SEMCONV.dbSystem];
  if (typeof system === 'string' && system !== '') return dbStage(system);
  if (
    span.kind === 'client' &&
    (span.attributes[SEMCONV.httpMethod] !== undefined || span.attributes[SEMCONV.urlFull] !== undefined)
  )
    return STAGE_HTTP;
  return STAGE_APP;
}

/** True for a span whose time is a call out of the process (database, HTTP, any CLIENT span). */
export function isClientCall(span: NormalizedSpan): boolean {
  return span.kind === 'client' || typeof span.attributes[SEMCONV.dbSystem] === 'string';
}
