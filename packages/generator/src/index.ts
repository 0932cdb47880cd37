// @loadlens/generator: synthetic data, the open-model workload engine, capacity search, log replay,
// k6 export and the server launcher.

export { capacityEconomics, SECONDS_PER_MONTH } from './capacity/capacity-cost.ts';
export type { ConfigCapacity } from './capacity/compare-configs.ts';
export { compareConfigs } from './capacity/compare-configs.ts';
export {
  capacityComparisonRows,
  capacityStepRows,
  capacityVerdictLines,
} from './capacity/format-capacity.ts';
export type { StepVerdict } from './capacity/judge-step.ts';
export { judgeStep } from './capacity/judge-step.ts';
export { describeSlo, parseSlo } from './capacity/parse-slo.ts';
export type { CapacityOptions } from './capacity/run-capacity.ts';
export { capacityOfSearch, DEFAULT_GROWTH, DEFAULT_PRECISION, runCapacity } from './capacity/run-capacity.ts';
export { scaleWorkload } from './capacity/scale-workload.ts';
export type { SearchOutcome } from './capacity/search-capacity.ts';
export { capacityFileFor, writeCapacityResults } from './capacity/write-capacity.ts';
export { failedSloLines, runSummaryRows } from './engine/format-run-summary.ts';
export { limitDuration } from './engine/limit-duration.ts';
export { parseMetricsAddress } from './engine/metrics-endpoint.ts';
export { probeTarget } from './engine/probe-target.ts';
export { DEFAULT_CONNECTIONS, DEFAULT_QUEUE, startLoad } from './engine/run-load.ts';
export type { RunWorkloadOptions, RunWorkloadResult } from './engine/run-workload.ts';
export { runWorkload } from './engine/run-workload.ts';
export type { LoadOptions, LoadOutcome, LoadRun, StopReason } from './engine/types.ts';
export type { FromLogOptions, LogFit } from './from-log/fit-workload.ts';
export { fitWorkloadFromLog, formatSpan } from './from-log/fit-workload.ts';
export type { LoggedRequest } from './from-log/parse-access-line.ts';
export { parseAccessLine } from './from-log/parse-access-line.ts';
export { workloadYaml, writeWorkloadYaml } from './from-log/write-workload-yaml.ts';
export type { K6Export } from './k6/export-k6.ts';
export { exportK6 } from './k6/export-k6.ts';
export type { K6Options, K6Scenario } from './k6/k6-options.ts';
export { k6Options } from './k6/k6-options.ts';
export type { LaunchedTarget, LaunchOptions } from './launcher/launch.ts';
export { launch } from './launcher/launch.ts';
export { freePort } from './launcher/launch-command.ts';
export { loadDeployment } from './launcher/load-deployment.ts';
export type { LoadedWorkload } from './load-workload.ts';
export { loadWorkload, readWorkloadValue } from './load-workload.ts';
export type { PreparedRequest, RequestSource, RequestSourceOptions } from './request-source.ts';
export { CaptureNotReady, createRequestSource } from './request-source.ts';
export { scenarioNames } from './scenarios/scenario-registry.ts';
export type { SeededRandom } from './seeded-random.ts';
export { createRandom, mixSeed } from './seeded-random.ts';
export type { CanvassSynthOptions } from './synth/canvass-synth.ts';
export { canvassLines } from './synth/canvass-synth.ts';
export type { EmissionBatch, EmissionSynthOptions } from './synth/emission-synth.ts';
export { emissionBatches, parseInactiveRate } from './synth/emission-synth.ts';
export type { UploadOptions, UploadSummary } from './synth/emission-upload.ts';
export { uploadEmission } from './synth/emission-upload.ts';
export type { SynthFileSummary } from './synth/synth-files.ts';
export { writeCanvassFile, writeEmissionFile } from './synth/synth-files.ts';
export { targetText, targetUrl } from './target-url.ts';
