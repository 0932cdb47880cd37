// loadlens as a user gets it: the published workspaces built and packed as npm would publish them, and
// installed into a project outside the repository — no workspace links; third-party packages from the
// registry. The project's manifest names only `loadlens`; `overrides` point its @loadlens/* dependencies
// at their tarballs, standing in for the registry that would serve them by version.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, delimiter, dirname, join } from 'node:path';
import { packPublished } from '../../scripts/pack-published.ts';
import { publishedWorkspaces, REPOSITORY_ROOT } from '../../scripts/published-workspaces.ts';
import { runCommand } from './run-command.ts';

let tarballs: Map<string, string> | undefined;
/** Directories this file's tests made: the tarballs' and the projects'. */
const made: string[] = [];

/** Removes the tarballs and every project installLoadlens made (call in afterAll). */
export function removeInstalled(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  tarballs = undefined;
}

/** The published packages packed once per test file: package name → tarball path. */
function packedOnce(): Map<string, string> {
  if (tarballs) return tarballs;
  const dir = mkdtempSync(join(tmpdir(), 'loadlens-tarballs-'));
  made.push(dir);
  const files = packPublished(dir);
  const names = publishedWorkspaces().map((w) => w.name);
  // npm names a tarball after its package: @scope/name-1.2.3.tgz → scope-name-1.2.3.tgz.
  tarballs = new Map(
    names.map((name) => {
      const stem = name.replace(/^@/, '').replace('/', '-');
      const file = files.find((f) => basename(f).replace(/-\d+\.\d+\.\d+.*\.tgz$/, '') === stem);
      if (!file) throw new Error(`pack: no tarball for ${name} among ${files.join(', ')}`);
      return [name, file];
    }),
  );
  return tarballs;
}

/**
 * The environment installed loadlens runs in: this Node (the repository's pinned 24) first on PATH and
 * nothing of the repository's node_modules/.bin, so `npx loadlens` can only find the installed one.
 */
export function userEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const path = (process.env.PATH ?? '')
    .split(delimiter)
    .filter((p) => !p.startsWith(REPOSITORY_ROOT))
    .join(delimiter);
  const { NODE_OPTIONS: _dropped, ...rest } = process.env;
  return { ...rest, PATH: `${dirname(process.execPath)}${delimiter}${path}`, NO_COLOR: '1', ...extra };
}

/**
 * Writes `files` into `dir` (a fresh temp directory when omitted) and installs loadlens there, with the
 * project's own registry `dependencies`.
 * @example const project = await installLoadlens({ 'server.js': '…' }); await runCommand(project.bin, ['--help'])
 */
export async function installLoadlens(
  files: Record<string, string>,
  dir: string = mkdtempSync(join(tmpdir(), 'loadlens-user-')),
  dependencies: Record<string, string> = {},
): Promise<{ dir: string; bin: string }> {
  const packed = packedOnce();
  made.push(dir);
  const manifest = {
    name: 'loadlens-user-project',
    version: '1.0.0',
    private: true,
    dependencies,
    devDependencies: { loadlens: `file:${packed.get('loadlens')}` },
    overrides: Object.fromEntries(
      [...packed].filter(([name]) => name !== 'loadlens').map(([n, f]) => [n, `file:${f}`]),
    ),
  };
  for (const [file, text] of Object.entries({
    'package.json': JSON.stringify(manifest, null, 2),
    ...files,
  })) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  const install = await runCommand('npm', ['install', '--no-audit', '--no-fund'], {
    cwd: dir,
    env: userEnv(),
    timeoutMs: 300_000,
  });
  if (install.code !== 0) throw new Error(`npm install in ${dir} exited ${install.code}:\n${install.stderr}`);
  return { dir, bin: join(dir, 'node_modules', '.bin', 'loadlens') };
}
