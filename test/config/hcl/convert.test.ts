import { describe, expect, it } from 'vitest';
import { ConversionError, convertValue } from '../../../src/config/hcl/convert.js';
import type { HclType } from '../../../src/config/hcl/types.js';
import type { Value } from '../../../src/config/hcl/value.js';

import { ANY, B, N, S, list, map, set } from './type-builders.js';

describe('convertValue', () => {
  const ok: [string, Value, HclType, Value][] = [
    ['number to string', 1.5, S, '1.5'],
    ['large number to string without exponent', 1e21, S, '1000000000000000000000'],
    ['bool to string', true, S, 'true'],
    ['string to number', '42', N, 42],
    ['exponent string to number', '1e3', N, 1000],
    ['signed decimal to number', '-0.5', N, -0.5],
    ['string to bool', 'false', B, false],
    ['"1" to bool', '1', B, true],
    ['null stays null', null, list(S), null],
    ['any passes through', [1, 'a'], ANY, [1, 'a']],
    ['tuple to list(string)', [1, true, 'x'], list(S), ['1', 'true', 'x']],
    ['tuple to set(string) sorted and unique', ['b', 'a', 'b'], set(S), ['a', 'b']],
    ['tuple to set(number) sorted numerically', [10, 9, 100], set(N), [9, 10, 100]],
    ['set(string) sorted by UTF-8 bytes', ['\u{1F600}', '\uffff', 'B', 'a'], set(S), ['B', 'a', '\uffff', '\u{1F600}']],
    ['null elements sorted last (Go oracle)', [null, 'b', 'a'], set(S), ['a', 'b', null]],
    ['list(any) unifies mixed primitives to string', ['a', 1], list(ANY), ['a', '1']],
    ['list(any) unifies object attributes', [{ a: 1 }, { a: 'b' }], list(ANY), [{ a: '1' }, { a: 'b' }]],
    ['list(any) makes objects of other attributes maps', [{ a: 1 }, { b: 'x' }], list(ANY), [{ a: '1' }, { b: 'x' }]],
    ['list(any) makes tuples of other lengths lists', [[1], ['a', 2]], list(ANY), [['1'], ['a', '2']]],
    ['map(any) unifies tuple elements', { x: [1], y: ['a'] }, map(ANY), { x: ['1'], y: ['a'] }],
    ['set(any) unifies before de-duplicating', [{ a: 1 }, { a: '1' }], set(ANY), [{ a: '1' }]],
    // Elements without a natural order sort by cty's set hash text (Go oracle): 1e21 hashes as "1e+21".
    ['set(list(number)) by hash text', [[10], [9], [2, 1], [1e21]], set(list(N)), [[10], [1e21], [2, 1], [9]]],
    ['object to map(number)', { a: '1', b: 2 }, map(N), { a: 1, b: 2 }],
    ['tuple to tuple type', ['1', 2], { kind: 'tuple', elements: [N, S] }, [1, '2']],
  ];
  it.each(ok)('%s', (_name, value, type, want) => {
    expect(convertValue(value, type)).toEqual(want);
  });

  const bad: [string, Value, HclType, string][] = [
    ['non-numeric string', 'abc', N, 'a number is required'],
    ['bool to number', true, N, 'number required'],
    ['list to string', ['a'], S, 'string required'],
    ['invalid bool string', 'yes', B, 'a bool is required'],
    ['capitalized bool', 'True', B, 'a bool is required; to convert from string, use lowercase "true"'],
    ['object to list', { a: 'x' }, list(S), 'list of string required'],
    ['nested type mismatch', ['a', ['b']], list(S), 'element 1: string required'],
    ['nested value mismatch', ['1', 'x'], list(N), 'a number is required'],
    ['tuple length mismatch', [1], { kind: 'tuple', elements: [N, N] }, 'tuple required'],
    ['number and bool have no common type', [1, true], list(ANY), 'all list elements must have the same type'],
    ['map(any) of string and list', { a: 'x', b: [] }, map(ANY), 'all map elements must have the same type'],
    ['objects whose attributes have no common type', [{ a: true }, { b: 1 }], list(ANY), 'all list elements must have the same type'],
  ];
  it.each(bad)('%s', (_name, value, type, message) => {
    const run = (): Value => convertValue(value, type);
    expect(run).toThrow(ConversionError);
    expect(run).toThrow(message);
  });

  it('converts objects to object types: drops extras, nulls optional, requires the rest', () => {
    const type: HclType = { kind: 'object', attributes: { a: N, b: S, c: S }, optional: ['c'] };
    expect(convertValue({ a: '1', b: 2, extra: true }, type)).toEqual({ a: 1, b: '2', c: null });
    expect(() => convertValue({ a: 1 }, type)).toThrow('attribute "b" is required');
    expect(() => convertValue({ a: [], b: 'x' }, type)).toThrow('attribute "a": number required');
  });
});
