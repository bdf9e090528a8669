// cty makes the numbers of length(), parseint(), signum(), floor()... from Go integers, with 64
// bits of precision where literals have 512, and pow()'s from float64s (53 bits): a quotient of
// two of them is rounded at that precision.
// Expected texts are what hashicorp/hcl + go-cty print for the same expressions.
import { describe, expect, it } from 'vitest';
import { formatNumber, type Num } from '../../../src/config/hcl/number.js';
import { stdlib } from '../../../src/config/hcl/functions/index.js';
import { ev } from './eval-helpers.js';

const vars = { a: [1, 2, 3], b: [1, 2, 3, 4, 5, 6, 7] };

function printed(text: string): string {
  const v = ev(text, vars, stdlib);
  return typeof v === 'boolean' ? String(v) : formatNumber(v as Num);
}

describe('numbers from Go integers keep 64-bit precision', () => {
  it.each([
    ['length(a) / length(b)', '0.42857142857142857144'],
    ['-length(a) / length(b)', '-0.42857142857142857144'],
    ['length(b) / length(a)', '2.3333333333333333333'],
    ['length(a) / length(b) * length(b)', '3.00000000000000000005'],
    ['(length(a) / length(b)) * 3', '1.2857142857142857143089471894104036664430168457329273223876953125'],
    ['length(a) / length(b) == 3 / 7', 'false'],
    ['length(a) / length(b) > 0.4285714285714285714', 'true'],
    ['length(a) % length(b)', '3'],
    ['signum(-5) / length(b)', '-0.14285714285714285714'],
    ['parseint("3", 10) / parseint("7", 10)', '0.42857142857142857144'],
    ['ceil(length(a) / length(b)) / length(b)', '0.14285714285714285714'],
    // floor and ceil keep their argument's precision (a literal's, or a quotient by one, is 512 bits).
    ['floor(2.5) / length(a)', '0.6666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666667'],
    ['1 - ceil(length(b) / 2) / length(a)', '-0.3333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333334'],
    ['a[length(a) - 1]', '3'],
    ['(length(a) + length(b)) / length(b)', '1.4285714285714285714'],
    ['pow(2, -1) / pow(3, 1)', '0.16666666666666666'],
    ['pow(2, 10) / pow(3, 1)', '341.3333333333333'],
    ['signum(-2) - pow(2, 3) * signum(-2) / length(a)', '1.6666666666666666667'],
  ])('%s', (text, want) => {
    expect(printed(text)).toBe(want);
  });

  it('a literal operand brings 512 bits back', () => {
    expect(printed('length(a) / 3')).toBe('1');
    expect(printed('10 / length(b)')).toBe(
      '1.4285714285714285714285714285714285714285714285714285714285714285714285714285714285714285714285714285714285714285714285714285714285714285714285714285714286',
    );
  });

  it('such a number indexes a sequence like any whole number', () => {
    expect(printed('b[length(a)]')).toBe('4');
    expect(ev('hasindex(b, length(a))', vars, stdlib)).toBe(true);
  });
});
