import { isAbsolute } from 'node:path';
import { describe, expect, it } from 'vitest';
import { call, type Case, type ErrorCase } from './call.js';

describe('bake-specific functions', () => {
  const cases: Case[] = [
    ['basename', [''], '.'],
    ['basename', ['/'], '/'],
    ['basename', ['/foo/bar'], 'bar'],
    ['basename', ['foo/bar/'], 'bar'],
    ['basename', ['/foo/bar...'], 'bar...'],
    ['dirname', [''], '.'],
    ['dirname', ['/'], '/'],
    ['dirname', ['/foo/bar'], '/foo'],
    ['dirname', ['foo/bar'], 'foo'],
    ['dirname', ['foo/bar/'], 'foo/bar'],
    ['dirname', ['bar'], '.'],
    ['dirname', ['/a//b/../c/d'], '/a/c'],
    ['sanitize', ['foo/bar!@(ba+z)'], 'foo_bar___ba_z_'],
    ['sanitize', ['foo/🍕bar'], 'foo__bar'],
    ['sanitize', ['ok_name-1'], 'ok_name-1'],
    ['indexof', [['one', 2, 3, 'four'], 'four'], 3],
    ['indexof', [['one', 2], 2], 1],
    ['semvercmp', ['1.2.3', '>= 1.0.0'], true],
    ['semvercmp', ['v1.2.3', '< 1.2.3'], false],
    ['semvercmp', ['1.2.3', '~1.3'], false],
    ['semvercmp', ['1.2.9', '~1.2.3'], true],
    ['semvercmp', ['1.9.0', '~1'], true],
    ['semvercmp', ['1.5.0', '^1.2'], true],
    ['semvercmp', ['2.0.0', '^1.2'], false],
    ['semvercmp', ['0.3.0', '^0.2.3'], false],
    ['semvercmp', ['0.2.9', '^0.2.3'], true],
    ['semvercmp', ['1.2.9', '1.2.x'], true],
    ['semvercmp', ['1.3.0', '1.2.x'], false],
    ['semvercmp', ['1.3.0', '<1.3 || >=2'], false],
    ['semvercmp', ['2.1.0', '<1.3 || >=2'], true],
    ['semvercmp', ['1.2.3', '1.0 - 1.4'], true],
    ['semvercmp', ['1.2.3', '>1.0, <1.2'], false],
    ['semvercmp', ['2.0.0-rc1', '>=1.0.0'], false],
    ['semvercmp', ['2.0.0-rc.2', '>=2.0.0-rc.1'], true],
    ['semvercmp', ['1.0.0', '!=1.0.0'], false],
    ['semvercmp', ['1.0.0', '*'], true],
  ];
  it.each(cases)('%s(%j) = %j', (name, args, want) => {
    expect(call(name, ...args)).toEqual(want);
  });

  it('returns an absolute home directory', () => {
    expect(isAbsolute(call('homedir') as string)).toBe(true);
  });

  const errors: ErrorCase[] = [
    ['indexof', [['one'], '3'], 'item not found'],
    ['indexof', [[], 'x'], 'cannot search an empty list'],
    ['indexof', ['abc', 'x'], 'argument must be a list or tuple'],
    ['semvercmp', ['one', '>1'], 'Invalid Semantic Version'],
    ['semvercmp', ['1.0.0', '>>1'], 'improper constraint: >>1'],
  ];
  it.each(errors)('%s(%j) fails with %s', (name, args, message) => {
    expect(() => call(name, ...args)).toThrow(message);
  });
});
