// `loadlens demo`'s bad flags stop it before anything starts (the whole loop runs in the e2e tier).
import { describe, expect, it } from 'vitest';
import { runCli as run } from '../../test/run-in-process.ts';

describe('loadlens demo', () => {
  it('exits 2 with one line naming a bad flag, before seeding or starting anything', async () => {
    expect(await run('demo', '--peak-users', '0')).toEqual({
      code: 2,
      out: '',
      err: '--peak-users "0": expected an integer ≥ 1',
    });
    expect(await run('demo', '--stage-seconds', 'soon')).toMatchObject({
      code: 2,
      err: '--stage-seconds "soon": expected an integer ≥ 1',
    });
    expect(await run('demo', '--inactive', '3')).toMatchObject({
      code: 2,
      err: 'unknown option --inactive for "loadlens demo" (see loadlens demo --help)',
    });
  });
});
