// `loadlens pr --base DIR --head DIR`: the pull-request report in one command — both checkouts started
// from the deployment file, wrapped, loaded with the workload and analyzed, then compared; exits 1 when
// a --fail-on rule trips. The work is in ../pull-request/run-pull-request.ts.
import { parseFailOn, parseThresholds, renderComparisonText } from '@loadlens/analyzer';
import { InputError } from '@loadlens/types';
import { defineCliCommand } from '../options/cli-command.ts';
import type { CommandSpec } from '../options/option-spec.ts';
import { custom, text } from '../options/option-values.ts';
import { type PullRequestOptions, runPullRequest } from '../pull-request/run-pull-request.ts';

const spec: CommandSpec<PullRequestOptions> = {
  name: 'pr',
  description:
    'Measure the base and the head checkout of a pull request with the same workload on this machine and compare them: ' +
    'writes comment.md (the PR comment), comparison.json, report.html and each side’s run and report.',
  positionals: [],
  options: {
    base: text({ description: 'Checkout of the base commit (required)', placeholder: 'DIR' }),
    head: text({ description: 'Checkout of the pull request’s head (required)', placeholder: 'DIR' }),
    deploy: text({
      description: 'Deployment file, relative to --head (default loadlens/deploy.yaml)',
      placeholder: 'FILE',
    }),
    workload: text({
      description: 'Workload file, relative to --head (default loadlens/workload.yaml)',
      placeholder: 'FILE',
    }),
    out: text({ description: 'Output directory (default loadlens-out)', placeholder: 'DIR' }),
    failOn: custom({
      description: 'Rules that exit 1, e.g. "p95:+10%,new-n-plus-one" (as for loadlens compare)',
      placeholder: 'RULES',
      parse: (value) => parseFailOn(value),
    }),
    thresholds: custom({
      description: 'Detection thresholds, e.g. "nPlusOneMinRepeats=3" (as for loadlens analyze)',
      placeholder: 'NAME=VALUE,…',
      parse: (value) => parseThresholds(value),
    }),
    log: null,
  },
};

export default defineCliCommand({
  spec,
  async run({ options, io }) {
    for (const flag of ['base', 'head'] as const)
      if (options[flag] === undefined)
        throw new InputError(`pr: give --${flag} DIR, the ${flag} checkout (see loadlens pr --help)`);
    const { comparison, commentFile } = await runPullRequest({
      base: options.base as string,
      head: options.head as string,
      deploy: options.deploy ?? 'loadlens/deploy.yaml',
      workload: options.workload ?? 'loadlens/workload.yaml',
      out: options.out ?? 'loadlens-out',
      failOn: options.failOn ?? [],
      thresholds: options.thresholds ?? parseThresholds(''),
      log: (line) => io.err(line),
    });
    io.out(renderComparisonText(comparison));
    io.out(`comment: ${commentFile}`);
    return comparison.failed ? 1 : 0;
  },
});
