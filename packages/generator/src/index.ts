// @loadlens/generator: synthetic data, the open-model workload engine, capacity search, log replay,
// k6 export and the server launcher.

export type { LoadedWorkload } from './load-workload.ts';
export { loadWorkload, readWorkloadValue } from './load-workload.ts';
export type { PreparedRequest, RequestSource, RequestSourceOptions } from './request-source.ts';
export { CaptureNotReady, createRequestSource } from './request-source.ts';
export { scenarioNames } from './scenarios/scenario-registry.ts';
export type { SeededRandom } from './seeded-random.ts';
export { createRandom, mixSeed } from './seeded-random.ts';
