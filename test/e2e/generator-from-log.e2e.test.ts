// `loadlens workload from-log` on real nginx access logs — the combined format and a JSON log_format —
// written by nginx for requests we sent: both give the same templated routes and request shares, and the
// workload they write validates.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadWorkload } from '@loadlens/generator';
import { main } from 'loadlens';
import { afterAll, expect, test } from 'vitest';
import { startPeer } from '../harness/index.ts';

const scratch = mkdtempSync(join(tmpdir(), 'loadlens-from-log-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

test('nginx combined and JSON access logs fit the same workload', async () => {
  const combined = join(scratch, 'access.log');
  const json = join(scratch, 'access.json.log');
  const nginx = await startPeer('nginx', {
    httpSnippet: `  log_format loadlens_json escape=json '{"time_iso8601":"$time_iso8601","request_method":"$request_method","request_uri":"$request_uri","status":$status}';\n`,
    serverSnippet: `    access_log ${combined} combined;\n    access_log ${json} loadlens_json;\n    location / { return 200 'ok'; }\n`,
  });
  try {
    const sends: [string, string][] = [];
    for (let i = 0; i < 30; i++) sends.push(['GET', `/trips/${1000 + i}`]);
    for (let i = 0; i < 10; i++) sends.push(['POST', '/usercache/put']);
    for (let i = 0; i < 5; i++) sends.push(['GET', `/timeline/getTrips/2026-11-0${1 + i}?user=someone-${i}`]);
    for (const [method, path] of sends) {
      const response = await fetch(`${nginx.url}${path}`, {
        method,
        ...(method === 'POST' ? { body: '{}' } : {}),
      });
      expect(response.status).toBe(200);
      await response.text();
    }
  } finally {
    await nginx.stop();
  }
  const io = { out: () => {}, err: () => {} };
  const fitted: Record<string, [string, string, number][]> = {};
  for (const [name, log] of [
    ['combined', combined],
    ['json', json],
  ] as const) {
    const out = join(scratch, `${name}.yaml`);
    expect(await main(['workload', 'from-log', log, '--out', out], io)).toBe(0);
    const { resolved } = await loadWorkload(out);
    const total = resolved.operations.reduce((sum, op) => sum + op.ratePerSecond, 0);
    fitted[name] = resolved.operations.map((op) => [
      op.method,
      op.path,
      Math.round((op.ratePerSecond / total) * 45),
    ]);
  }
  expect(fitted.combined).toEqual([
    ['GET', '/trips/{id}', 30],
    ['POST', '/usercache/put', 10],
    ['GET', '/timeline/getTrips/{date}', 5],
  ]);
  expect(fitted.json).toEqual(fitted.combined);
  // The query string (a user's token here) never reaches the workload.
  expect(readFileSync(join(scratch, 'combined.yaml'), 'utf8')).not.toContain('someone');
});
