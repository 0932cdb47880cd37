import { describe, expect, it } from 'vitest';
import { createSelfTimeTable } from './cpu-profile-top.ts';

const frame = (functionName: string, url: string, lineNumber: number) => ({
  functionName,
  url,
  lineNumber,
  columnNumber: 0,
});

describe('CPU profile self time', () => {
  it('charges sample intervals to the sampled function, with 1-based lines, idle excluded, across profiles', () => {
    const table = createSelfTimeTable();
    const profile = {
      startTime: 0,
      endTime: 10_000,
      nodes: [
        { id: 1, callFrame: frame('(root)', '', -1), children: [2, 3, 4] },
        { id: 2, callFrame: frame('serialize', 'file:///app/orm.js', 41) },
        { id: 3, callFrame: frame('', 'file:///app/poll.js', 9) },
        { id: 4, callFrame: frame('(idle)', '', -1) },
      ],
      samples: [2, 2, 3, 4, 2],
      timeDeltas: [1000, 1000, 2000, 5000, 1000],
    };
    table.add(profile);
    table.add(profile);
    expect(table.top(5)).toEqual([
      { functionName: 'serialize', url: 'file:///app/orm.js', line: 42, selfMs: 6, share: 0.6 },
      { functionName: '(anonymous)', url: 'file:///app/poll.js', line: 10, selfMs: 4, share: 0.4 },
    ]);
  });
});
