import { describe, expect, it } from 'vitest';
import { csvFields, parseGoDuration, parseUint32, ramInBytes } from '../../../../../src/engine/frontend/dockerfile/instructions/go-syntax.js';
import { parseGoBool } from '../../../../../src/strconv.js';

describe('Go value syntaxes', () => {
  it.each([
    ['0', 0],
    ['1ns', 1],
    ['1.5s', 1.5e9],
    ['.5ms', 5e5],
    ['1h2m3s', 3723e9],
    ['-2µs', -2000],
    ['+3us', 3000],
  ])('ParseDuration(%j) = %d ns', (s, ns) => {
    expect(parseGoDuration(s)).toBe(ns);
  });

  it.each([
    ['', 'time: invalid duration ""'],
    ['5', 'time: missing unit in duration "5"'],
    ['3d', 'time: unknown unit "d" in duration "3d"'],
    ['.s', 'time: invalid duration ".s"'],
    ['-', 'time: invalid duration "-"'],
  ])('ParseDuration(%j) fails: %s', (s, message) => {
    expect(() => parseGoDuration(s)).toThrow(message);
  });

  it('parses bools, uints and RAM sizes as Go and go-units do', () => {
    expect(['1', 't', 'TRUE', 'True', '0', 'F', 'false', 'yes'].map(parseGoBool)).toEqual([true, true, true, true, false, false, false, undefined]);
    expect([parseUint32('0755', 8), parseUint32('8', 8), parseUint32('4294967296', 10), parseUint32('+1', 10)]).toEqual([0o755, undefined, undefined, undefined]);
    expect(['512', '64m', '1.5g', '2 KiB', '1gb', 'x', '-1'].map(ramInBytes)).toEqual([512, 64 * 2 ** 20, 1.5 * 2 ** 30, 2048, 2 ** 30, undefined, undefined]);
  });

  it('splits one CSV record', () => {
    expect(csvFields('a,b=c,"d,e","f""g"')).toEqual(['a', 'b=c', 'd,e', 'f"g']);
    expect(csvFields('')).toEqual(['']);
    expect(csvFields('a,')).toEqual(['a', '']);
    expect(() => csvFields('a"b')).toThrow('bare " in non-quoted-field');
    expect(() => csvFields('"ab')).toThrow('extraneous or missing " in quoted-field');
  });
});
