// `tripstore seed` throughput (issue 4's target: ≥ 50,000 entries/s into PostgreSQL), on embedded
// PGlite and on a real PostgreSQL server, each against the database's own bulk loader measured in
// the same run: COPY of the same lines into a one-column table (the most any loader could get
// through that database for these bytes).
// Usage: node bench/tripstore-seed.ts [entries=200000]
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { hasPeer, peerBinary, startPeer } from '@loadlens/e2e/harness';
import { openStorage, seedFromFile } from 'tripstore';
import { syntheticDay } from 'tripstore/testing';

const run = promisify(execFile);
const target = Number(process.argv[2] ?? 200_000);
const dir = mkdtempSync(join(tmpdir(), 'tripstore-seed-bench-'));
const file = join(dir, 'entries.jsonl');
// A COPY format whose quote and delimiter never occur in JSON text, so every line is one value.
const COPY_OPTIONS = "(FORMAT csv, QUOTE E'\\x01', DELIMITER E'\\x02')";

function makeFile(): number {
  const lines: string[] = [];
  for (let user = 0; lines.length < target; user++) {
    for (let day = 1; day <= 7 && lines.length < target; day++) {
      const entries = syntheticDay({
        user: `inactive-1-${user}`,
        trips: 3,
        seed: user * 10 + day,
        day: `2026-11-0${day}`,
      });
      for (const entry of entries) lines.push(JSON.stringify(entry));
    }
  }
  writeFileSync(file, `${lines.slice(0, target).join('\n')}\n`);
  return Math.min(lines.length, target);
}

function cpuSeconds(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
}

async function seedInto(db: string) {
  // As `tripstore seed` opens it: no timeseries index, two connections.
  const store = await openStorage(db, { fixed: new Set(['pool']), poolSize: 2, migrate: true });
  const cpu = process.cpuUsage();
  try {
    const summary = await seedFromFile(store, file);
    return { ...summary, cpu: cpuSeconds(cpu) };
  } finally {
    await store.close();
  }
}

async function copyIntoPglite(): Promise<number> {
  const db = await PGlite.create();
  await db.exec('CREATE TABLE raw (line jsonb)');
  const started = performance.now();
  await db.query(`COPY raw (line) FROM '/dev/blob' WITH ${COPY_OPTIONS}`, [], {
    blob: new Blob([readFileSync(file)]),
  });
  const seconds = (performance.now() - started) / 1000;
  await db.close();
  return seconds;
}

async function copyIntoPostgres(url: string): Promise<number> {
  const psql = peerBinary('psql');
  await run(psql, [url, '-c', 'CREATE TABLE raw (line jsonb)']);
  const started = performance.now();
  await run(psql, [url, '-c', `\\copy raw (line) FROM '${file}' WITH ${COPY_OPTIONS}`]);
  return (performance.now() - started) / 1000;
}

function report(where: string, seed: Awaited<ReturnType<typeof seedInto>>, copySeconds: number) {
  const copyRate = Math.round(seed.entries / copySeconds);
  console.log(
    `${where}: seed ${seed.entries} entries in ${seed.seconds.toFixed(2)} s = ${seed.perSecond} entries/s ` +
      `(target 50000: ${seed.perSecond >= 50_000 ? 'met' : 'missed'}), this process's CPU ${seed.cpu.toFixed(2)} s; ` +
      `peer COPY ${copySeconds.toFixed(2)} s = ${copyRate} entries/s; seed/COPY rate = ${(seed.perSecond / copyRate).toFixed(2)}`,
  );
}

try {
  const entries = makeFile();
  console.log(
    `${entries} entries, ${(readFileSync(file).length / 1e6).toFixed(0)} MB; load average ${(await import('node:os')).loadavg()[0]?.toFixed(1)}`,
  );
  report('PGlite (embedded, through pglite-socket and pg)', await seedInto('pglite'), await copyIntoPglite());
  if (hasPeer('postgres') && hasPeer('psql')) {
    const postgres = await startPeer('postgres');
    try {
      const seed = await seedInto(postgres.url);
      report('PostgreSQL (real server, fsync off)', seed, await copyIntoPostgres(postgres.url));
    } finally {
      await postgres.stop();
    }
  } else {
    console.log('PostgreSQL: skipped (no postgres/psql binaries; run test/setup/install-peers.sh)');
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
