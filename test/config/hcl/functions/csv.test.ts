import { describe, expect, it } from 'vitest';
import { makeObject } from '../../../../src/config/hcl/value.js';
import { call, type Case, type ErrorCase } from './call.js';

describe('csvdecode', () => {
  const cases: Case[] = [
    [
      'quoted, escaped and blank lines',
      ['name,size\nweb,"1,5"\n\n"db ""x""",2\n'],
      [makeObject([['name', 'web'], ['size', '1,5']]), makeObject([['name', 'db "x"'], ['size', '2']])],
    ],
    ['quoted field across lines', ['a,b\r\n"x\ny",z\r\n'], [makeObject([['a', 'x\ny'], ['b', 'z']])]],
    ['header only', ['a,b'], []],
    ['empty fields', ['a,b\n,'], [makeObject([['a', ''], ['b', '']])]],
  ];
  it.each(cases)('%s', (_name, args, want) => {
    expect(call('csvdecode', ...args)).toEqual(want);
  });

  it('orders object keys as cty does', () => {
    const [row] = call('csvdecode', 'b,a\n1,2') as Record<string, unknown>[];
    expect(Object.keys(row!)).toEqual(['a', 'b']);
  });

  const errors: ErrorCase[] = [
    ['empty', [''], 'missing header line'],
    ['short row', ['a,b\n1'], 'CSV parse error on line 2: wrong number of fields'],
    ['line of a later row', ['a\n"x\ny"\n1,2'], 'CSV parse error on line 4: wrong number of fields'],
    ['bare quote', ['a\nx"y'], 'CSV parse error on line 2: bare " in non-quoted-field'],
    ['text after quote', ['a\n"x"y'], 'extraneous or missing " in quoted-field'],
    ['unterminated quote', ['a\n"x'], 'extraneous or missing " in quoted-field'],
    ['duplicate column', ['a,a\n1,2'], 'duplicate column name "a"'],
    // Go's csv.Reader reads row by row: an earlier row's width fails before a later row's syntax.
    ['width before a later syntax error', ['a,b\n1,2,3\n"x'], 'CSV parse error on line 2: wrong number of fields'],
    ['header checked before the rows are read', ['a,a\n"x'], 'duplicate column name "a"'],
  ];
  it.each(errors)('%s', (_name, args, message) => {
    expect(() => call('csvdecode', ...args)).toThrow(message);
  });
});
