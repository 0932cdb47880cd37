// @loadlens/types: the contracts the loadlens packages meet through.

export type { Capacity, CapacityPoint, CapacitySlo, FailureMode } from './capacity.ts';
export { capacityPointSchema, capacitySchema, capacitySloSchema, FAILURE_MODES } from './capacity.ts';
export type { Comparison, Delta, MetricDelta, RuleResult, Verdict } from './comparison.ts';
export {
  COMPARISON_SCHEMA,
  comparisonSchema,
  deltaSchema,
  metricDeltaSchema,
  ruleResultSchema,
  VERDICTS,
} from './comparison.ts';
export type { Deployment, DeploymentInput } from './deployment.ts';
export { deploymentSchema } from './deployment.ts';
export type { ExitCodeValue } from './errors.ts';
export { ExitCode, InputError, isLoadlensError, LoadlensError, RuntimeFailure } from './errors.ts';
export type { EvidenceItem, Finding, FindingKind, Impact, Severity } from './finding.ts';
export { evidenceItemSchema, FINDING_KINDS, findingSchema, impactSchema, SEVERITIES } from './finding.ts';
export { parseIntegerFlag } from './integer-flag.ts';
export { workloadJsonSchema } from './json-schema.ts';
export { lineAndColumn, locateJsonError, parseJson } from './parse-json.ts';
export { escapeLabelValue } from './prometheus-label.ts';
export { readInputFile, unreadableFile } from './read-input-file.ts';
export type { QueryRouteShare, QueryShape, Report, RouteSummary, StageShare } from './report.ts';
export {
  queryRouteShareSchema,
  queryShapeSchema,
  REPORT_SCHEMA,
  reportSchema,
  routeSummarySchema,
  stageShareSchema,
} from './report.ts';
export type {
  RateSource,
  ResolvedOperation,
  ResolvedSlo,
  ResolvedStage,
  ResolvedWorkload,
} from './resolve-workload.ts';
export { DEFAULT_TIMEOUT_MS, peakTotalRate, rateAt, resolveWorkload, scaleAt } from './resolve-workload.ts';
export { segmentParam, templatePath } from './route-template.ts';
export type {
  ErrorCounts,
  LatencySummary,
  OperationResult,
  PhaseResult,
  ProfileFrame,
  ResourceSample,
  RunResult,
  SloCheck,
} from './run-result.ts';
export {
  errorCountsSchema,
  latencySummarySchema,
  operationResultSchema,
  phaseResultSchema,
  profileFrameSchema,
  RUN_RESULT_SCHEMA,
  resourceSampleSchema,
  runResultSchema,
  sloCheckSchema,
} from './run-result.ts';
export type { AttributeValue, NormalizedSpan, SpanEvent, SpanKind } from './span.ts';
export {
  attributeValueSchema,
  normalizedSpanSchema,
  SEMCONV,
  SEMCONV_RENAMES,
  SPAN_KINDS,
  spanEventSchema,
} from './span.ts';
export { formatRate, parseDurationMs, parseFraction, parseRatePerSecond } from './units.ts';
export { check, formatIssues, formatPath, parseOrThrow } from './validate.ts';
export type { Body, Operation, Slo, Stage, Workload, WorkloadInput } from './workload.ts';
export {
  bodySchema,
  defineWorkload,
  durationSchema,
  HTTP_METHODS,
  instanceSchema,
  operationSchema,
  percentSchema,
  rateSchema,
  sloSchema,
  stageSchema,
  userModelSchema,
  workloadSchema,
} from './workload.ts';
