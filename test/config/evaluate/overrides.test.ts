import { describe, expect, it } from 'vitest';
import { csvFields, parseGoFloat } from '../../../src/config/evaluate/overrides.js';
import { parseGoBool } from '../../../src/strconv.js';

describe('override text parsing', () => {
  it('splits one CSV record with quoted fields', () => {
    expect(csvFields('a,b')).toEqual(['a', 'b']);
    expect(csvFields('"x,y",z')).toEqual(['x,y', 'z']);
    expect(csvFields('"say ""hi""",')).toEqual(['say "hi"', '']);
    expect(csvFields('')).toEqual([]);
    expect(() => csvFields('"open')).toThrow('extraneous or missing " in quoted-field');
  });

  it('accepts the spellings of Go strconv.ParseBool', () => {
    for (const t of ['1', 't', 'T', 'TRUE', 'true', 'True']) expect(parseGoBool(t)).toBe(true);
    for (const f of ['0', 'f', 'F', 'FALSE', 'false', 'False']) expect(parseGoBool(f)).toBe(false);
    expect(parseGoBool('yes')).toBeUndefined();
    expect(parseGoBool('tRUE')).toBeUndefined();
  });

  it('parses decimal floats and rejects NaN, infinities and junk', () => {
    expect(parseGoFloat('1.5')).toBe(1.5);
    expect(parseGoFloat('+2e3')).toBe(2000);
    expect(parseGoFloat('.5')).toBe(0.5);
    expect(parseGoFloat('NaN')).toBeUndefined();
    expect(parseGoFloat('Inf')).toBeUndefined();
    expect(parseGoFloat('1e999')).toBeUndefined();
    expect(parseGoFloat(' 1')).toBeUndefined();
  });
});
