// `loadlens launch <deploy.yaml>`: starts a target from a deployment configuration, waits until it is ready,
// streams its log to a file and keeps it running until Ctrl-C (then stops its process group cleanly).
import { type LaunchOptions, launch, loadDeployment } from '@loadlens/generator';
import { RuntimeFailure } from '@loadlens/types';
import { defineCliCommand } from '../options/cli-command.ts';
import type { CommandSpec } from '../options/option-spec.ts';
import { text } from '../options/option-values.ts';

const spec: CommandSpec<LaunchOptions, 'deployment'> = {
  name: 'launch',
  description:
    'Start a target from a deployment configuration (command, env, port, readiness probe, taskset CPUs, memory limit), wait until ready, keep it running until Ctrl-C.',
  positionals: [{ name: 'deployment', description: 'Deployment file (.yaml or .json)' }],
  options: {
    logFile: text({
      description: 'Log file for the target’s output (default: the file’s logFile or a temp file)',
      flag: 'log',
      placeholder: 'FILE',
    }),
  },
};

export default defineCliCommand({
  spec,
  async run({ options, positionals, io }) {
    const deployment = await loadDeployment(positionals.deployment);
    const target = await launch(
      deployment,
      options.logFile === undefined ? {} : { logFile: options.logFile },
    );
    io.out(
      `deployment "${target.name}" ready at ${target.url} (pid ${target.pid}, log ${target.logFile}); Ctrl-C stops it`,
    );
    let onSignal: (() => void) | undefined;
    const signalled = new Promise<'signal'>((resolve) => {
      onSignal = () => resolve('signal');
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
    });
    try {
      const why = await Promise.race([signalled, target.exited]);
      if (why === 'signal') {
        await target.stop();
        io.out(`deployment "${target.name}" stopped`);
        return 0;
      }
      const how = why.signal ? `signal ${why.signal}` : `code ${why.code}`;
      const lines = target.lastLines().filter((l) => l.trim() !== '');
      throw new RuntimeFailure(
        `deployment "${target.name}": exited with ${how} (log: ${target.logFile})${lines.length > 0 ? `; last lines:\n${lines.map((l) => `  ${l}`).join('\n')}` : ''}`,
      );
    } finally {
      process.removeListener('SIGINT', onSignal as () => void);
      process.removeListener('SIGTERM', onSignal as () => void);
      await target.stop();
    }
  },
});
