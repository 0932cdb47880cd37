// @loadlens/generator: synthetic data, the open-model workload engine, capacity search, log replay,
// k6 export and the server launcher.

export type { LoadedWorkload } from './load-workload.ts';
export { loadWorkload, readWorkloadValue } from './load-workload.ts';
