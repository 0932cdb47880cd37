// Start-up of the published form against the repository's: `loadlens --help` and a small command
// (`validate` on the example workload) run from the compiled dist/ of a project that installed the packed
// tarballs, and from this clone's TypeScript sources (type stripping, the @loadlens/source resolve hook) —
// each through `npx`, as a user types it, and as `node bin/loadlens.js`, which leaves npx's own start out.
// Rounds interleave the forms so machine drift hits all alike; the compile cache is warm for every form
// (one unmeasured run first), as it is from a user's second command on.
// Usage: node --conditions=@loadlens/source bench/cli-startup.ts [rounds = 20]
import { execFileSync } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { installLoadlens, removeInstalled, userEnv } from '../test/harness/index.ts';

const rounds = Number(process.argv[2] ?? 20);
const ROOT = join(import.meta.dirname, '..');
const EXAMPLE = join(ROOT, 'examples', 'canvass-peak.yaml');

const project = await installLoadlens({});
copyFileSync(EXAMPLE, join(project.dir, 'workload.yaml'));
const env = userEnv();

interface Form {
  name: string;
  command: string;
  args: string[];
  cwd: string;
}
const forms: Form[] = [];
for (const [what, args, repoArgs] of [
  ['--help', ['--help'], ['--help']],
  ['validate', ['validate', 'workload.yaml'], ['validate', EXAMPLE]],
] as const) {
  forms.push(
    { name: `sources  npx loadlens ${what}`, command: 'npx', args: ['loadlens', ...repoArgs], cwd: ROOT },
    { name: `dist     npx loadlens ${what}`, command: 'npx', args: ['loadlens', ...args], cwd: project.dir },
    {
      name: `sources  node bin/loadlens.js ${what}`,
      command: process.execPath,
      args: [join(ROOT, 'apps/cli/bin/loadlens.js'), ...repoArgs],
      cwd: ROOT,
    },
    {
      name: `dist     node bin/loadlens.js ${what}`,
      command: process.execPath,
      args: [join(project.dir, 'node_modules/loadlens/bin/loadlens.js'), ...args],
      cwd: project.dir,
    },
  );
}

function once(form: Form): number {
  const started = performance.now();
  // The repository's form runs with the repository's PATH (its .bin first), the installed one without it.
  execFileSync(form.command, form.args, {
    cwd: form.cwd,
    env: form.cwd === ROOT ? process.env : env,
    stdio: 'ignore',
  });
  return performance.now() - started;
}

const samples = new Map<string, number[]>(forms.map((f) => [f.name, []]));
try {
  for (const form of forms) once(form); // warm the compile cache and the page cache
  for (let round = 0; round < rounds; round++)
    for (const form of forms) samples.get(form.name)?.push(once(form));
} finally {
  removeInstalled();
}

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};
console.log(`loadlens start-up, median of ${rounds} interleaved runs (ms)`);
for (const form of forms)
  console.log(`  ${form.name.padEnd(40)} ${median(samples.get(form.name) ?? []).toFixed(0)}`);
for (let i = 0; i < forms.length; i += 2) {
  const sources = median(samples.get(forms[i]!.name)!);
  const dist = median(samples.get(forms[i + 1]!.name)!);
  console.log(
    `  ${forms[i + 1]!.name.replace('dist     ', '')}: dist ÷ sources = ${(dist / sources).toFixed(2)}×`,
  );
}
