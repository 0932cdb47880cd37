// What npm publishes of this repository, read from the manifests: every non-private workspace exports
// its compiled dist/ (its sources only under the repository's own condition), ships no tests, depends on
// its siblings by their real versions, and the supported Node range is stated once, by loadlens.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { publishedWorkspaces, REPOSITORY_ROOT } from '../../../scripts/published-workspaces.ts';

const published = publishedWorkspaces();
const versions = new Map(published.map((w) => [w.name, w.version]));

describe('published workspaces', () => {
  it('are derived from the root’s workspaces: the private ones (tripstore, e2e, dashboards) stay out', () => {
    expect(published.map((w) => w.name)).toEqual(
      expect.arrayContaining([
        '@loadlens/types',
        '@loadlens/generator',
        '@loadlens/proxy',
        '@loadlens/analyzer',
        'loadlens',
      ]),
    );
    expect(published.map((w) => w.name)).not.toContain('tripstore');
  });

  for (const { name, dir, manifest } of published)
    describe(name, () => {
      it('exports dist/ to everyone and src/ only under the @loadlens/source condition', () => {
        const root = manifest.exports?.['.'] as Record<string, string>;
        expect(Object.keys(root)).toEqual(['@loadlens/source', 'types', 'default']);
        expect(root['@loadlens/source']).toBe('./src/index.ts');
        expect(existsSync(join(dir, 'src', 'index.ts'))).toBe(true);
        expect(root.default).toBe('./dist/index.js');
        expect(root.types).toBe('./dist/index.d.ts');
        const build = JSON.parse(
          readFileSync(join(dir, 'tsconfig.build.json'), 'utf8').replace(/^\s*\/\/.*$/gm, ''),
        );
        expect(build.compilerOptions.outDir).toBe('dist');
        expect(build.exclude).toContain('src/**/*.test.ts');
      });

      it('publishes dist/ and no sources, tests or fixtures', () => {
        expect(manifest.files).toContain('dist');
        for (const entry of manifest.files ?? []) expect(entry).not.toMatch(/^(src|test|fixtures)(\/|$)/);
      });

      it('depends on its sibling packages by their real versions', () => {
        for (const [dep, range] of Object.entries(manifest.dependencies ?? {}))
          if (versions.has(dep)) expect(range, dep).toBe(versions.get(dep));
      });
    });

  it('states the Node range once: in loadlens, the package users install and whose bin checks it', () => {
    const stating = publishedWorkspaces(REPOSITORY_ROOT)
      .filter((w) => w.manifest.engines?.node !== undefined)
      .map((w) => w.name);
    expect(stating).toEqual(['loadlens']);
    const root = JSON.parse(readFileSync(join(REPOSITORY_ROOT, 'package.json'), 'utf8'));
    expect(root.engines).toBeUndefined();
    // `npm ci` warns (EBADENGINE) from the lockfile's copies: on an old Node, one package's warning, not every workspace's.
    const lock = JSON.parse(readFileSync(join(REPOSITORY_ROOT, 'package-lock.json'), 'utf8'));
    const workspaceEntries = Object.entries<{ engines?: unknown }>(lock.packages).filter(
      ([location]) => !location.includes('node_modules/'),
    );
    expect(workspaceEntries.filter(([, entry]) => entry.engines).map(([location]) => location)).toEqual([
      'apps/cli',
    ]);
  });
});
