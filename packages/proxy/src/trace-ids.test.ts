import { describe, expect, it } from 'vitest';
import { formatTraceparent, newSpanId, newTraceId, parseTraceparent } from './trace-ids.ts';

describe('traceparent', () => {
  it('parses a W3C example and writes one back', () => {
    expect(parseTraceparent('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01')).toEqual({
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      sampled: true,
    });
    expect(formatTraceparent('0af7651916cd43dd8448eb211c80319c', '00f067aa0ba902b7', false)).toBe(
      '00-0af7651916cd43dd8448eb211c80319c-00f067aa0ba902b7-00',
    );
  });

  it('rejects invalid headers: all-zero ids, upper case, version ff, wrong length', () => {
    for (const bad of [
      '00-00000000000000000000000000000000-b7ad6b7169203331-01',
      '00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01',
      '00-0AF7651916CD43DD8448EB211C80319C-b7ad6b7169203331-01',
      'ff-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01-extra',
      'garbage',
    ])
      expect(parseTraceparent(bad), bad).toBeUndefined();
  });

  it('makes distinct lowercase-hex ids of the right length across pool refills', () => {
    const ids = new Set<string>();
    for (let i = 0; i < 2000; i++) ids.add(newSpanId());
    expect(ids.size).toBe(2000);
    expect(newTraceId()).toMatch(/^[0-9a-f]{32}$/);
    expect(newSpanId()).toMatch(/^[0-9a-f]{16}$/);
  });
});
