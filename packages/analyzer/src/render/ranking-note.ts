// The one sentence every report prints above its findings: how they are ranked and where waiting goes.

export const RANKING_NOTE =
  'Ranked by the time a fix would save over the run. Waiting for a shared resource (a connection pool, a lock, the event loop) is charged to whatever held it meanwhile: the holder’s finding carries that waiting, and contention stands alone only when no holder explains it.';
