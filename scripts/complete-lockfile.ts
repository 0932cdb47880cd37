// The registry mirror this project installs from lacks some platform-specific optional packages (biome,
// turbo and deno ship one per OS/CPU). npm then writes a lockfile without entries for them, and `npm ci`
// refuses it as "out of sync". This adds the missing entries, marked optional with their OS/CPU, so
// `npm ci` skips them on a non-matching platform exactly as it would with the public registry's lockfile.
// Run after `npm install` changes the lockfile: `node scripts/complete-lockfile.ts`.
import { readFileSync, writeFileSync } from 'node:fs';

interface LockEntry {
  version?: string;
  dev?: boolean;
  optional?: boolean;
  os?: string[];
  cpu?: string[];
  libc?: string[];
  optionalDependencies?: Record<string, string>;
}

const OS_WORDS: Record<string, string> = {
  android: 'android',
  darwin: 'darwin',
  linux: 'linux',
  win32: 'win32',
  windows: 'win32',
  freebsd: 'freebsd',
  openbsd: 'openbsd',
  netbsd: 'netbsd',
  sunos: 'sunos',
  aix: 'aix',
};
const CPU_WORDS: Record<string, string> = {
  arm64: 'arm64',
  x64: 'x64',
  '64': 'x64',
  arm: 'arm',
  ia32: 'ia32',
};

function platformOf(name: string): { os?: string[]; cpu?: string[]; libc?: string[] } {
  const words = name.replace(/^@[^/]+\//, '').split(/[-_]/);
  const os = words.map((w) => OS_WORDS[w]).find(Boolean);
  const cpu = words.map((w) => CPU_WORDS[w]).find(Boolean);
  const libc = words.includes('musl')
    ? ['musl']
    : words.includes('glibc') || words.includes('gnu')
      ? ['glibc']
      : undefined;
  return { ...(os ? { os: [os] } : {}), ...(cpu ? { cpu: [cpu] } : {}), ...(libc ? { libc } : {}) };
}

const path = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(path, 'utf8')) as { packages: Record<string, LockEntry> };
let added = 0;
for (const [location, entry] of Object.entries(lock.packages)) {
  for (const [dep, range] of Object.entries(entry.optionalDependencies ?? {})) {
    const base = location === '' ? '' : `${location}/`;
    const nested = `${base}node_modules/${dep}`;
    if (lock.packages[nested] || lock.packages[`node_modules/${dep}`]) continue;
    const platform = platformOf(dep);
    if (!platform.os) continue; // not a platform package: leave npm's own judgement alone
    lock.packages[`node_modules/${dep}`] = {
      version: range.replace(/^[~^=]/, ''),
      ...(entry.dev ? { dev: true } : {}),
      optional: true,
      ...platform,
    };
    added++;
  }
}
const sorted = Object.fromEntries(
  Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : 1)),
);
lock.packages = sorted;
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`complete-lockfile: added ${added} platform entries`);
