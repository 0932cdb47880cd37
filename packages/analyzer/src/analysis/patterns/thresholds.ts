// Detection thresholds, each from a named source; all overridable through AnalyzeOptions.

export interface PatternThresholds {
  /** Sentry's N+1 DB detector default: 5 repeated spans… */
  nPlusOneMinRepeats: number;
  /** …that together take at least 100 ms… */
  nPlusOneMinTotalMs: number;
  /**
   * …or, when above 0, at least this share of the request (loadlens; off by default, so the default is
   * Sentry's rule as written). Sentry's 100 ms is set for production, where each query pays a network
   * round trip; a load lab's database often sits on loopback, where 20 queries of 0.3 ms can be most of a
   * 10 ms request and still fall far below 100 ms: `--thresholds nPlusOneMinShare=0.3` catches those.
   */
  nPlusOneMinShare: number;
  /** "≥ 3 non-overlapping independent client calls" (issue 5). */
  sequentialMinCalls: number;
  /** Sentry's consecutive DB queries detector: parallelizing must save ≥ 100 ms… */
  sequentialMinSavingMs: number;
  /** …and ≥ 10 % of the request's duration. */
  sequentialMinSavingShare: number;
  /** Sentry's slow DB query detector default: 1 s. */
  slowQueryMs: number;
  /** loadlens: a shape taking ≥ 50 % of a route's work (waiting excluded) dominates it… */
  dominantShare: number;
  /**
   * …when it also costs ≥ 50 ms per request of the route: half of the 0.1 s within which people feel a
   * response as instant (Nielsen's response-time limits). Below that, a shape dominating a fast route
   * (one lookup in a 10 ms endpoint) is not worth a finding.
   */
  dominantMinMs: number;
  /**
   * loadlens: waiting for a shared resource (a pooled connection, the event loop, a lock) is a finding —
   * charged to its holders — when it averages at least 5 ms per request of the routes that wait (below
   * that it is noise).
   */
  contentionMinWaitMs: number;
  /** loadlens: application self time ≥ 50 % of a route's critical path marks it cpu-bound… */
  cpuAppShare: number;
  /** …when that is at least 10 ms per request. */
  cpuMinAppMs: number;
  /** A Node process is single-threaded: ≥ 85 % of one core is "near a core" (loadlens). */
  cpuNearCorePercent: number;
  /** Node's own guidance treats event-loop delay beyond ~100 ms as a blocked loop (loadlens). */
  eventLoopDelayMs: number;
  /**
   * loadlens: with a run result, the client's median latency exceeds the server spans' median by ≥ 5 ms…
   * (loopback adds tens of microseconds: 5 ms is a hop, a queue or a TCP delay, not the wire)
   */
  outsideServerMinMs: number;
  /** …and that gap is ≥ half of what the client measured (the server's spans do not explain it). */
  outsideServerMinShare: number;
}

export const DEFAULT_THRESHOLDS: PatternThresholds = {
  nPlusOneMinRepeats: 5,
  nPlusOneMinTotalMs: 100,
  nPlusOneMinShare: 0,
  sequentialMinCalls: 3,
  sequentialMinSavingMs: 100,
  sequentialMinSavingShare: 0.1,
  slowQueryMs: 1000,
  dominantShare: 0.5,
  dominantMinMs: 50,
  contentionMinWaitMs: 5,
  cpuAppShare: 0.5,
  cpuMinAppMs: 10,
  cpuNearCorePercent: 85,
  eventLoopDelayMs: 100,
  outsideServerMinMs: 5,
  outsideServerMinShare: 0.5,
};
