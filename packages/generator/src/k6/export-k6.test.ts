import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveWorkload, type WorkloadInput, workloadSchema } from '@loadlens/types';
import { describe, expect, it } from 'vitest';
import { loadWorkload } from '../load-workload.ts';
import { exportK6 } from './export-k6.ts';
import { k6Options } from './k6-options.ts';

const repo = fileURLToPath(new URL('../../../../', import.meta.url));
const dir = mkdtempSync(path.join(tmpdir(), 'loadlens-k6-'));
const NOW = () => Date.UTC(2026, 10, 2, 12);

/** Type-checks a generated script with @types/k6, as a user's editor or CI would. */
function typecheck(script: string): string {
  const types = path.join(repo, 'node_modules/@types/k6');
  writeFileSync(
    path.join(path.dirname(script), 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        noUncheckedIndexedAccess: true,
        noEmit: true,
        target: 'es2022',
        module: 'esnext',
        moduleResolution: 'bundler',
        skipLibCheck: true,
        types: [],
        paths: { k6: [types], 'k6/*': [`${types}/*`] },
      },
      files: [path.basename(script), `${types}/global.d.ts`],
    }),
  );
  try {
    execFileSync(path.join(repo, 'node_modules/.bin/tsc'), ['-p', path.dirname(script)], {
      encoding: 'utf8',
    });
    return 'ok';
  } catch (error) {
    return String((error as { stdout?: string }).stdout ?? error);
  }
}

function workload(spec: Partial<WorkloadInput> & Pick<WorkloadInput, 'operations'>) {
  return resolveWorkload(workloadSchema.parse({ name: 'w', duration: '30s', ...spec }));
}

describe('export k6', () => {
  it('maps each operation to an arrival-rate scenario with whole rates, and the SLO to thresholds', async () => {
    const { resolved } = await loadWorkload(path.join(repo, 'examples/canvass-peak.yaml'));
    expect(k6Options(resolved)).toMatchInlineSnapshot(`
      {
        "scenarios": {
          "health": {
            "duration": "60s",
            "exec": "op2_health",
            "executor": "constant-arrival-rate",
            "maxVUs": 20,
            "preAllocatedVUs": 2,
            "rate": 5,
            "timeUnit": "1s",
          },
          "read": {
            "duration": "60s",
            "exec": "op1_read",
            "executor": "constant-arrival-rate",
            "maxVUs": 117,
            "preAllocatedVUs": 12,
            "rate": 7000,
            "timeUnit": "1m",
          },
          "visit": {
            "duration": "60s",
            "exec": "op0_visit",
            "executor": "constant-arrival-rate",
            "maxVUs": 584,
            "preAllocatedVUs": 59,
            "rate": 35000,
            "timeUnit": "1m",
          },
        },
        "summaryTrendStats": [
          "avg",
          "min",
          "med",
          "p(90)",
          "p(99)",
          "p(99.9)",
          "max",
          "count",
        ],
        "thresholds": {
          "http_req_duration{scenario:health}": [
            "p(99)<500",
          ],
          "http_req_duration{scenario:read}": [
            "p(99)<500",
          ],
          "http_req_duration{scenario:visit}": [
            "p(99)<500",
          ],
          "http_req_failed{scenario:health}": [
            "rate<0.01",
          ],
          "http_req_failed{scenario:read}": [
            "rate<0.01",
          ],
          "http_req_failed{scenario:visit}": [
            "rate<0.01",
          ],
        },
      }
    `);
  });

  it('turns stages into ramping-arrival-rate stages, jumps into 0 s stages', () => {
    const options = k6Options(
      workload({
        users: { count: 100, perMinute: { a: 6 } },
        stages: [
          { duration: '10s', scale: 2 },
          { duration: '20s', users: 50 },
        ],
        startScale: 0,
        operations: [
          { name: 'a', path: '/a' },
          { name: 'b', path: '/b', rate: '1.5/s' },
        ],
        slo: { dropped: '1%' },
      }),
    );
    expect(options.scenarios.a).toMatchObject({
      executor: 'ramping-arrival-rate',
      startRate: 0,
      timeUnit: '1s',
      stages: [
        { target: 20, duration: '10s' },
        { target: 5, duration: '20s' },
      ],
    });
    expect(options.scenarios.b).toMatchObject({
      executor: 'ramping-arrival-rate',
      timeUnit: '1m',
      startRate: 0,
      stages: [
        { target: 180, duration: '10s' },
        { target: 90, duration: '0s' },
        { target: 90, duration: '20s' },
      ],
    });
    // Expected requests: a = 10 s × 10/s + 20 s × 12.5/s = 350; b = 10 s × 1.5/s + 20 s × 1.5/s = 37.5.
    expect(options.thresholds).toEqual({ dropped_iterations: ['count<3'] });
  });

  it('writes a script that type-checks with @types/k6 and a SharedArray data file of drawn requests', async () => {
    const { resolved } = await loadWorkload(path.join(repo, 'examples/canvass-peak.yaml'));
    const out = path.join(dir, 'load.ts');
    const result = exportK6(resolved, out, { sourceFile: 'canvass-peak.yaml', now: NOW });
    expect(result).toMatchObject({ dataFile: path.join(dir, 'load.data.json'), scenarios: 3, samples: 2001 });
    const data = JSON.parse(readFileSync(result.dataFile, 'utf8'));
    expect(data.health).toEqual([{ path: '/health' }]);
    expect(data.read[0].path).toMatch(/^\/localities\/loc-7-\d+\/intentions$/);
    expect(JSON.parse(data.visit[0].body).volunteer).toMatch(/^vol-7-\d+$/);
    const script = readFileSync(out, 'utf8');
    expect(script).toContain('traceparent: traceparent()');
    expect(script).toContain('export function op0_visit(): void');
    expect(typecheck(out)).toBe('ok');
  });

  it('type-checks a script with captures, text bodies and expected statuses', () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'loadlens-k6-')), 'flow.ts');
    exportK6(
      workload({
        operations: [
          {
            name: 'create',
            method: 'POST',
            path: '/items',
            rate: 2,
            body: { text: 'x' },
            capture: { item: '/id' },
            expect: { status: [201] },
          },
          { name: 'read', path: '/items/{item}', rate: 5, headers: { 'x-api': 'k' } },
        ],
      }),
      out,
    );
    const data = JSON.parse(readFileSync(out.replace('.ts', '.data.json'), 'utf8'));
    expect(data.read[0]).toEqual({ path: '/items/%7Bitem%7D' });
    expect(typecheck(out)).toBe('ok');
  });

  it('rejects an output path that is not a script', () => {
    expect(() => exportK6(workload({ operations: [{ name: 'a', path: '/', rate: 1 }] }), 'load.txt')).toThrow(
      '--out "load.txt": expected a .ts or .js script path, e.g. load.ts',
    );
  });
});
