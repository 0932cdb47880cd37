// The contracts must run unchanged under Deno: same validators, same messages, same rates as under Node.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('./deno-check.ts', import.meta.url));
const deno = fileURLToPath(new URL('../../../node_modules/.bin/deno', import.meta.url));

function runWith(command: string, args: string[]): unknown {
  return JSON.parse(execFileSync(command, args, { encoding: 'utf8', timeout: 60_000 }));
}

describe('@loadlens/types under Deno', () => {
  it('validates and resolves rates exactly as under Node', () => {
    const underDeno = runWith(deno, ['run', '--no-lock', '--allow-read', '--allow-env', script]);
    const underNode = runWith(process.execPath, [script]);
    expect(underDeno).toEqual(underNode);
    expect(underDeno).toMatchObject({
      good: true,
      rates: ['visit 583.3/s', 'read 116.7/s', 'health 5/s'],
      bad: expect.arrayContaining([
        'workload.yaml: operations[0].rate: expected a rate like "50/s", got "fast"',
      ]),
    });
  });
});
