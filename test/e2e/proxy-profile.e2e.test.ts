// `loadlens wrap --profile cpu -- node server.js`: the V8 profile of the server, reduced to its top
// self-time functions with file:line, from /profile during the run and printed when wrap stops.
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { FIXTURES, startWrap } from './proxy-wrap.ts';

interface Frame {
  functionName: string;
  url: string;
  line: number;
  selfMs: number;
  share: number;
}

test('the CPU profile names the server’s own hot function with its file and line', async () => {
  const wrap = await startWrap(['--profile', 'cpu', '--', 'node', join(FIXTURES, 'cpu-server.cjs')]);
  try {
    for (let i = 0; i < 20; i++) {
      const r = await fetch(`${wrap.proxyUrl}/work`);
      expect(r.status, `${i}: ${await r.clone().text()}`).toBe(200);
      await r.text();
    }
    const frames = (await (await fetch(`${wrap.sideUrl}/profile`)).json()) as Frame[];
    const hot = frames.find((f) => f.functionName === 'burnCpu');
    expect(hot, JSON.stringify(frames.slice(0, 5))).toMatchObject({
      url: expect.stringMatching(/cpu-server\.cjs$/),
      line: 5,
    });
    expect(hot?.share).toBeGreaterThan(0.2);
    expect(frames[0]?.selfMs).toBeGreaterThanOrEqual(frames.at(-1)?.selfMs ?? 0);
  } finally {
    await wrap.process.stop();
  }
  expect(wrap.process.logs()).toMatch(
    /top self-time functions \(CPU profile\):[\s\S]*burnCpu\s+file:\/\/.*cpu-server\.cjs:5/,
  );
});
