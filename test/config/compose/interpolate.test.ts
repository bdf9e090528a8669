import { describe, expect, it } from 'vitest';
import { interpolate, InterpolationError } from '../../../src/config/compose/interpolate.js';

const env = { SET: 'v', EMPTY: '', OTHER: 'o' };

describe('compose interpolation', () => {
  it.each([
    ['plain', 'plain'],
    ['${SET}', 'v'],
    ['$SET-x', 'v-x'],
    ['${UNSET}', ''],
    ['$UNSET', ''],
    ['${SET:-d}|${EMPTY:-d}|${UNSET:-d}', 'v|d|d'],
    ['${SET-d}|${EMPTY-d}|${UNSET-d}', 'v||d'],
    ['${SET:+a}|${EMPTY:+a}|${UNSET:+a}', 'a||'],
    ['${SET+a}|${EMPTY+a}|${UNSET+a}', 'a|a|'],
    ['${SET:?e}|${EMPTY?e}', 'v|'],
    ['$$SET $${SET} 100$ $1', '$SET ${SET} 100$ $1'],
    ['${UNSET:-${OTHER}-x}', 'o-x'],
    ['${UNSET:-$${lit}}', '${lit}'],
  ])('%s → %s', (src, want) => {
    expect(interpolate(src, env)).toBe(want);
  });

  it('fails on required variables with the message', () => {
    expect(() => interpolate('${UNSET:?need it}', env)).toThrow('required variable UNSET is missing a value: need it');
    expect(() => interpolate('${EMPTY:?}', env)).toThrow(InterpolationError);
    expect(() => interpolate('${UNSET?x}', env)).toThrow('required variable UNSET is missing a value: x');
  });

  it('fails on malformed substitutions', () => {
    expect(() => interpolate('${SET', env)).toThrow('missing closing brace');
    expect(() => interpolate('${}', env)).toThrow('Invalid template');
    expect(() => interpolate('${SET:x}', env)).toThrow('Invalid template');
  });
});
