// The command table: each command lives in its own file and loads only when it is the one being run,
// so `loadlens --help` does not pull in OpenTelemetry, DuckDB or undici. Only working commands are listed.
import type { CommandDef } from 'citty';
import type { CliCommand } from './options/cli-command.ts';

export interface CommandEntry {
  /** One line for `loadlens --help`; the command's own file has the full usage. */
  summary: string;
  // biome-ignore lint/suspicious/noExplicitAny: each command is generic over its own options.
  load: () => Promise<CliCommand<any, string> | CommandDef<any>>;
}

export const commands: Record<string, CommandEntry> = {
  demo: {
    summary: 'The whole loop on the bundled demo server: seed, wrap, load, analyze, fix, compare',
    load: () => import('./commands/demo.ts').then((m) => m.default),
  },
  capacity: {
    summary: 'Find the highest rate within an SLO, what breaks first, users and cost per user',
    load: () => import('./commands/capacity.ts').then((m) => m.default),
  },
  run: {
    summary: 'Open-model load run; latency corrected for coordinated omission, written to run.json',
    load: () => import('./commands/run.ts').then((m) => m.default),
  },
  analyze: {
    summary: 'Analyze a run’s spans: slow query shapes, N+1s, contention, the stage that saturates first',
    load: () => import('./commands/analyze.ts').then((m) => m.default),
  },
  compare: {
    summary: 'Compare two reports or runs; exits 1 when a --fail-on rule trips (for CI)',
    load: () => import('./commands/compare.ts').then((m) => m.default),
  },
  pr: {
    summary: 'Pull-request report: measure base and head checkouts, compare, write the PR comment',
    load: () => import('./commands/pr.ts').then((m) => m.default),
  },
  collect: {
    summary: 'OTLP/HTTP collector: receive traces and metrics into a DuckDB span store (run.db)',
    load: () => import('./commands/collect.ts').then((m) => m.default),
  },
  validate: {
    summary: 'Check a workload file and print the rate of each operation',
    load: () => import('./commands/validate.ts').then((m) => m.default),
  },
  synth: {
    summary: 'Write seeded synthetic data: e-mission phone entries or a canvassing world',
    load: () => import('./commands/synth.ts').then((m) => m.default),
  },
  workload: {
    summary: 'Fit a workload to an access log (workload from-log)',
    load: () => import('./commands/workload.ts').then((m) => m.default),
  },
  export: {
    summary: 'Write a workload as a typed k6 script (export k6)',
    load: () => import('./commands/export.ts').then((m) => m.default),
  },
  launch: {
    summary: 'Start a target from a deployment configuration and keep it running until Ctrl-C',
    load: () => import('./commands/launch.ts').then((m) => m.default),
  },
  wrap: {
    summary: 'Tracing reverse proxy in front of a server; Node servers get OpenTelemetry with no code change',
    load: () => import('./commands/wrap.ts').then((m) => m.default),
  },
};
