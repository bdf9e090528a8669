import { describe, expect, it } from 'vitest';
import { humanSize, parseDuration, parseSize } from '../../../src/engine/cache/units.js';
import { UserError } from '../../../src/errors.js';

describe('cache units', () => {
  it('parses sizes in decimal and binary units', () => {
    expect(parseSize('512')).toBe(512);
    expect(parseSize('10MB')).toBe(10_000_000);
    expect(parseSize('1.5gib')).toBe(1.5 * 1024 ** 3);
    expect(parseSize('2k')).toBe(2000);
    expect(() => parseSize('10 parsecs')).toThrow(UserError);
  });

  it('parses Go durations', () => {
    expect(parseDuration('24h')).toBe(86_400_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('90s')).toBe(90_000);
    expect(() => parseDuration('3 days')).toThrow("invalid duration: '3 days'");
    expect(() => parseDuration('')).toThrow(UserError);
  });

  it('writes sizes as the docker CLI does', () => {
    expect(humanSize(0)).toBe('0B');
    expect(humanSize(4096)).toBe('4.096kB');
    expect(humanSize(2_212_000)).toBe('2.212MB');
    expect(humanSize(20 * 1024 ** 3)).toBe('21.47GB');
  });
});
