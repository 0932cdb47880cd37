// loadlens CLI: importable entry points, so tests and scripts run commands in-process.

export type { CliIo } from './main.ts';
export { main } from './main.ts';
export type { PullRequestOptions, PullRequestOutcome } from './pull-request/run-pull-request.ts';
export { runPullRequest } from './pull-request/run-pull-request.ts';
export { LOADLENS_VERSION } from './version.ts';
