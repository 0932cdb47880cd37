// `loadlens pr --base DIR --head DIR`: the pull-request report in one command — both checkouts started
// from the deployment file, wrapped, loaded with the workload and analyzed, then compared; exits 1 when
// a --fail-on rule trips. The work is in ../pull-request/run-pull-request.ts.
import { parseFailOn, parseThresholds, renderComparisonText } from '@loadlens/analyzer';
import { defineCommand } from 'citty';
import { ioOf } from '../command-io.ts';
import { runPullRequest } from '../pull-request/run-pull-request.ts';

export default defineCommand({
  meta: {
    description:
      'Measure the base and the head checkout of a pull request with the same workload on this machine and compare them: ' +
      'writes comment.md (the PR comment), comparison.json, report.html and each side’s run and report.',
  },
  args: {
    base: { type: 'string', description: 'Checkout of the base commit', required: true },
    head: { type: 'string', description: 'Checkout of the pull request’s head', required: true },
    deploy: {
      type: 'string',
      description: 'Deployment file, relative to --head (default loadlens/deploy.yaml)',
      default: 'loadlens/deploy.yaml',
    },
    workload: {
      type: 'string',
      description: 'Workload file, relative to --head (default loadlens/workload.yaml)',
      default: 'loadlens/workload.yaml',
    },
    out: { type: 'string', description: 'Output directory (default loadlens-out)', default: 'loadlens-out' },
    failOn: {
      type: 'string',
      description: 'Rules that exit 1, e.g. "p95:+10%,new-n-plus-one" (as for loadlens compare)',
    },
    thresholds: {
      type: 'string',
      description: 'Detection thresholds, e.g. "nPlusOneMinRepeats=3" (as for loadlens analyze)',
    },
  },
  async run(context) {
    const io = ioOf(context);
    const args = context.args;
    const { comparison, commentFile } = await runPullRequest({
      base: args.base,
      head: args.head,
      deploy: args.deploy,
      workload: args.workload,
      out: args.out,
      failOn: parseFailOn(args.failOn ?? ''),
      thresholds: parseThresholds(args.thresholds ?? ''),
      log: (line) => io.err(line),
    });
    io.out(renderComparisonText(comparison));
    io.out(`comment: ${commentFile}`);
    return comparison.failed ? 1 : 0;
  },
});
