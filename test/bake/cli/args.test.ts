import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../../src/bake/cli/args.js';
import { bakeOptions } from '../../../src/bake/cli/options.js';

describe('flag parsing', () => {
  it('accepts long, =, short and repeated forms', () => {
    const a = parseArgs(['-f', 'a.hcl', '--file=b.hcl', '-fc.hcl', '--set', 'x.tags=1', '--print', 'app', '-D', '--', '--odd']);
    expect(a.lists.get('file')).toEqual(['a.hcl', 'b.hcl', 'c.hcl']);
    expect(a.lists.get('set')).toEqual(['x.tags=1']);
    expect(a.bools.get('print')).toBe(true);
    expect(a.bools.get('debug')).toBe(true);
    expect(a.positionals).toEqual(['app', '--odd']);
  });

  it('rejects unknown flags and missing values', () => {
    expect(() => parseArgs(['--nope'])).toThrow("unknown flag: '--nope'");
    expect(() => parseArgs(['--set'])).toThrow('flag needs an argument: --set');
    expect(() => parseArgs(['--push=maybe'])).toThrow('invalid argument "maybe" for "--push" flag');
  });
});

describe('bake options', () => {
  it('turns shorthand flags into --set entries after the user ones, in buildx order', () => {
    const opts = bakeOptions(parseArgs(['--set', 'a.tags=x', '--push', '--load', '--no-cache', '--pull=false', '--sbom', 'true', '--provenance', 'mode=max', '--check']));
    expect(opts.sets).toEqual([
      'a.tags=x',
      '*.push=true',
      '*.load=true',
      '*.call=lint',
      '*.no-cache=true',
      '*.pull=false',
      '*.attest=type=sbom,disabled=false',
      '*.attest=type=provenance,mode=max',
    ]);
  });

  it('with --print, sets no-cache and pull from the flags (false unless given) and drops --load, as the reference --print generator does', () => {
    expect(bakeOptions(parseArgs(['--print', '--set', 'a.pull=true', '--load'])).sets).toEqual(['a.pull=true', '*.no-cache=false', '*.pull=false']);
    expect(bakeOptions(parseArgs(['--print', '--pull', '--push'])).sets).toEqual(['*.push=true', '*.no-cache=false', '*.pull=true']);
    expect(bakeOptions(parseArgs(['--load'])).sets).toEqual(['*.load=true']);
  });

  it('lets the later of --call and --check win, as --check writes into --call like buildx\'s alias', () => {
    expect(bakeOptions(parseArgs(['--call', 'outline', '--check'])).call?.name).toBe('lint');
    expect(bakeOptions(parseArgs(['--check', '--call', 'outline'])).call?.name).toBe('outline');
    expect(bakeOptions(parseArgs(['--call', 'outline', '--check=false'])).call?.name).toBe('outline');
    expect(bakeOptions(parseArgs(['--check=false'])).call).toBeUndefined();
  });

  it('parses --var and rejects bad values and --print with --list', () => {
    expect(bakeOptions(parseArgs(['--var', 'A=1=2'])).vars).toEqual({ A: '1=2' });
    expect(() => bakeOptions(parseArgs(['--var', 'A']))).toThrow('invalid variable "A", expected key=value');
    expect(() => bakeOptions(parseArgs(['--var', '=1']))).toThrow('invalid variable "=1", key is empty');
    expect(() => bakeOptions(parseArgs(['--print', '--list', 'targets']))).toThrow('--print and --list are mutually exclusive');
    expect(() => bakeOptions(parseArgs(['--progress', 'fancy']))).toThrow('invalid progress mode "fancy"');
    expect(bakeOptions(parseArgs(['--list-variables'])).list).toBe('variables');
  });
});
