// tripstore/testing: synthetic phone data, an HTTP client of the API, and the behaviour suites that every
// storage backend must pass — shared by tripstore's own tests, the end-to-end tier and the benchmarks.
// The suites call vitest's describe/test: import them from a vitest run.

export type { BottleneckOptions } from './bottleneck-suite.ts';
export { describeBottlenecks } from './bottleneck-suite.ts';
export type { StartedTripstore, StartTripstore } from './contract-suite.ts';
export { describeContract, uniqueUser } from './contract-suite.ts';
export type { DayOptions, FileEntry } from './synthetic-entries.ts';
export { phoneEntry, syntheticDay } from './synthetic-entries.ts';
export type { Reply } from './tripstore-client.ts';
export { clientOf } from './tripstore-client.ts';
