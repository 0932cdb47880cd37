// The packages this repository publishes: every workspace whose manifest is not private. Derived from
// the root's `workspaces` so that a new package is packed, checked and installed without a list to update.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface PublishedWorkspace {
  name: string;
  version: string;
  /** Absolute directory of the workspace. */
  dir: string;
  manifest: Record<string, unknown> & {
    dependencies?: Record<string, string>;
    exports?: Record<string, unknown>;
    files?: string[];
    engines?: Record<string, string>;
  };
}

export const REPOSITORY_ROOT = resolve(import.meta.dirname, '..');

/** Expands the root's workspace patterns: a literal directory, or `dir/*` for each directory in it. */
function workspaceDirs(root: string): string[] {
  const patterns = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { workspaces: string[] })
    .workspaces;
  return patterns.flatMap((pattern) => {
    if (!pattern.endsWith('/*')) return [join(root, pattern)];
    const parent = join(root, pattern.slice(0, -2));
    return readdirSync(parent, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => join(parent, entry.name));
  });
}

/** The non-private workspaces, in the root's workspace order. */
export function publishedWorkspaces(root: string = REPOSITORY_ROOT): PublishedWorkspace[] {
  return workspaceDirs(root)
    .filter((dir) => existsSync(join(dir, 'package.json')))
    .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) }))
    .filter(({ manifest }) => manifest.private !== true)
    .map(({ dir, manifest }) => ({ name: manifest.name, version: manifest.version, dir, manifest }));
}
