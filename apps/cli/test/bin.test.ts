// The installed binary as a user runs it: a real process, on the repository's pinned Node.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const bin = fileURLToPath(new URL('../../../node_modules/.bin/loadlens', import.meta.url));

describe('loadlens binary', () => {
  it('runs validate on the example and exits 0', () => {
    const result = spawnSync(bin, ['validate', 'examples/canvass-peak.yaml'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/visit\s+POST\s+\/visits\s+583\.3\/s/);
    expect(result.stdout).toMatch(/total\s+705\/s/);
  });

  it('exits 2 with a one-line message and no stack for bad input', () => {
    const result = spawnSync(bin, ['validate', 'packages/generator/test/fixtures/bad-rate.yaml'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([
      'packages/generator/test/fixtures/bad-rate.yaml: operations[2].rate: expected a rate like "50/s", got "fast"',
    ]);
  });

  it('runs on the pinned Node 24 from npm scripts', () => {
    // vitest itself was started by `npm test`, so this is the node npm put first on PATH.
    expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(24);
  });
});

const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const [needMajor = 0, needMinor = 0] = String(manifest.engines.node).replace('>=', '').split('.').map(Number);

/** Every `node` on PATH older than the range loadlens states (the machine's system Node, say). */
function olderNodes(): string[] {
  const found = spawnSync('which', ['-a', 'node'], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
  return found.filter((node) => {
    const version = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
    const [major = 0, minor = 0] = version.slice(1).split('.').map(Number);
    return major < needMajor || (major === needMajor && minor < needMinor);
  });
}

describe('loadlens on an unsupported Node', () => {
  it('prints one line naming the range from engines and exits 2', () => {
    // The bin beside a manifest whose range this Node does not meet: the check reads `engines`, not a constant.
    const dir = mkdtempSync(join(tmpdir(), 'loadlens-engines-'));
    mkdirSync(join(dir, 'bin'));
    copyFileSync(
      fileURLToPath(new URL('../bin/loadlens.js', import.meta.url)),
      join(dir, 'bin', 'loadlens.js'),
    );
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module', engines: { node: '>=99.1' } }));
    const result = spawnSync(process.execPath, [join(dir, 'bin', 'loadlens.js'), '--help'], {
      encoding: 'utf8',
    });
    expect(result.stderr).toBe(`loadlens needs Node ≥ 99.1; this is v${process.versions.node}\n`);
    expect(result.stdout).toBe('');
    expect(result.status).toBe(2);
  });

  const older = olderNodes();
  it.skipIf(older.length === 0)('says so on a real older Node instead of a stack trace', () => {
    for (const node of older) {
      const version = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
      const result = spawnSync(node, [bin, 'validate', 'examples/canvass-peak.yaml'], {
        cwd: root,
        encoding: 'utf8',
      });
      expect(result.stderr).toBe(`loadlens needs Node ≥ ${needMajor}.${needMinor}; this is ${version}\n`);
      expect(result.status).toBe(2);
    }
  });
});
