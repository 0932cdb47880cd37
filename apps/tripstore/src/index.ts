// tripstore: an e-mission-like trip-diary server with switchable bottlenecks (the loadlens demo target).
export type { Entry, EntryMetadata } from './entry-shape.ts';
export { DatabaseUnreachable, RequestError, UsageError } from './errors.ts';
export type { Bottleneck, FixedSet } from './fixes.ts';
export { BOTTLENECKS, parseFixed } from './fixes.ts';
export { createApp } from './http/create-app.ts';
export { DWELL_DISTANCE_M, DWELL_TIME_S, findStops, segmentTrips } from './pipeline/dwell-segmentation.ts';
export type { PassSummary, PipelineScheduler } from './pipeline/run-pipeline.ts';
export { createPipelineScheduler, runPipelinePass } from './pipeline/run-pipeline.ts';
export { runCli, USAGE } from './run-cli.ts';
export type { SeedSummary } from './seed.ts';
export { seedFromFile } from './seed.ts';
export type { RunningTripstore } from './serve.ts';
export { serve } from './serve.ts';
export type { ServeFlags, ServeOptions } from './serve-options.ts';
export { resolveServeOptions } from './serve-options.ts';
export type { EmbeddedPostgres } from './storage/embedded-postgres.ts';
export { startEmbeddedPostgres } from './storage/embedded-postgres.ts';
export { dbKind, openStorage } from './storage/open-storage.ts';
/** The SQL text of each PostgreSQL query tripstore runs (the benchmarks EXPLAIN them). */
export { SQL } from './storage/pg-queries.ts';
export type { QueryStats } from './storage/query-stats.ts';
export { resetQueryStats } from './storage/query-stats.ts';
export type { Explained, Section, Storage, Trip } from './storage/storage.ts';
