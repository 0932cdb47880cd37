// Counters the adapters keep as they run: how many queries, connections, hydrated rows. Tests
// read them to show a bottleneck present and then gone without timing anything; they are plain
// increments on the production path, so keeping them on changes nothing it does.

/** The last statements, kept so a test can say which query ran; bounded so it never grows. */
const RECENT_LIMIT = 200;

export interface QueryStats {
  queries: number;
  /** Database connections opened by the pool so far. */
  connectionsOpened: number;
  /** Rows turned into heavy entry objects by find_entries (the `serialize` bottleneck). */
  materialised: number;
  recent: string[];
}

export function createQueryStats(): QueryStats {
  return { queries: 0, connectionsOpened: 0, materialised: 0, recent: [] };
}

/** Counts one statement and keeps its text (statements carry `$n` placeholders, never values). */
export function countQuery(stats: QueryStats, text: string): void {
  stats.queries++;
  stats.recent.push(text);
  if (stats.recent.length > RECENT_LIMIT) stats.recent.shift();
}

/** Zeroes the counters between the steps of a test. */
export function resetQueryStats(stats: QueryStats): void {
  Object.assign(stats, createQueryStats(), { connectionsOpened: stats.connectionsOpened });
}
