// `npm run pack:published -- DIR`: builds every published workspace (turbo, cached) and packs each into
// DIR as npm would publish it; prints the tarballs' paths, one a line, in dependency-free order.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { publishedWorkspaces, REPOSITORY_ROOT } from './published-workspaces.ts';

/** Builds and packs the published workspaces into `dir`; returns the tarballs' absolute paths. */
export function packPublished(dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  execFileSync('npm', ['run', 'build'], { cwd: REPOSITORY_ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  const workspaces = publishedWorkspaces();
  const packed = JSON.parse(
    execFileSync(
      'npm',
      ['pack', '--json', '--pack-destination', dir, ...workspaces.flatMap((w) => ['-w', w.name])],
      { cwd: REPOSITORY_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
    ),
  ) as { filename: string }[];
  return packed.map((p) => join(dir, p.filename));
}

if (import.meta.main) {
  const dir = process.argv[2];
  if (dir === undefined) {
    console.error('usage: npm run pack:published -- DIR');
    process.exit(2);
  }
  for (const file of packPublished(resolve(dir))) console.log(file);
}
