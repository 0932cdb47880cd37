import { describe, expect, it } from 'vitest';
import { escapeLabelValue } from './prometheus-label.ts';

describe('escapeLabelValue', () => {
  it('escapes backslash, quote and newline, backslash first so nothing is escaped twice', () => {
    expect(escapeLabelValue('C:\\tmp "x"\nnext')).toBe('C:\\\\tmp \\"x\\"\\nnext');
    expect(escapeLabelValue('GET /trips/:id')).toBe('GET /trips/:id');
  });
});
