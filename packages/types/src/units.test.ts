import { describe, expect, it } from 'vitest';
import { formatRate, parseDurationMs, parseFraction, parseRatePerSecond } from './units.ts';

describe('units', () => {
  it('parses durations in every unit, compound ones, and bare milliseconds', () => {
    expect(parseDurationMs('500ms')).toBe(500);
    expect(parseDurationMs('60s')).toBe(60_000);
    expect(parseDurationMs('2m')).toBe(120_000);
    expect(parseDurationMs('2min')).toBe(120_000);
    expect(parseDurationMs('1h')).toBe(3_600_000);
    expect(parseDurationMs('1m30s')).toBe(90_000);
    expect(parseDurationMs('250us')).toBe(0.25);
    expect(parseDurationMs(42)).toBe(42);
    expect(parseDurationMs('soon')).toBeUndefined();
    expect(parseDurationMs('10 parsecs')).toBeUndefined();
    expect(parseDurationMs('')).toBeUndefined();
  });

  it('parses rates per second, minute and hour', () => {
    expect(parseRatePerSecond('50/s')).toBe(50);
    expect(parseRatePerSecond('120/min')).toBe(2);
    expect(parseRatePerSecond('3600/h')).toBe(1);
    expect(parseRatePerSecond('0.5 / s')).toBe(0.5);
    expect(parseRatePerSecond(7)).toBe(7);
    expect(parseRatePerSecond('fast')).toBeUndefined();
    expect(parseRatePerSecond('50/fortnight')).toBeUndefined();
  });

  it('parses percentages into fractions and rejects ones above 100%', () => {
    expect(parseFraction('1%')).toBe(0.01);
    expect(parseFraction('0.5 %')).toBe(0.005);
    expect(parseFraction(0.02)).toBe(0.02);
    expect(parseFraction('150%')).toBeUndefined();
    expect(parseFraction('one')).toBeUndefined();
  });

  it('formats rates the way `validate` prints them', () => {
    expect(formatRate(35000 / 60)).toBe('583.3/s');
    expect(formatRate(5)).toBe('5/s');
    expect(formatRate(705)).toBe('705/s');
    expect(formatRate(1 / 3)).toBe('0.33/s');
  });
});
