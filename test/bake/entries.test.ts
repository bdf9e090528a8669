import { describe, expect, it } from 'vitest';
import { dedupEntries } from '../../src/bake/entries.js';
import type { Entry } from '../../src/bake/types.js';
import { config, raw } from './helpers.js';

describe('dedupEntries', () => {
  it('drops later equal entries the way buildx does, whatever their key order', () => {
    const list: Entry[] = [
      { type: 'registry', ref: 'a' },
      { ref: 'a', type: 'registry' },
      { type: 'registry', ref: 'b' },
      { type: 'registry', ref: 'a', mode: 'max' },
      { type: 'registry', ref: 'b' },
    ];
    // The second `a` trades places with the last entry before going, so `a max` moves up.
    expect(dedupEntries(list)).toEqual([list[0], list[3], list[2]]);
  });

  it('tells values of different types and lists apart', () => {
    const list: Entry[] = [{ type: 'x', on: true }, { type: 'x', on: 'true' }, { type: 'x', on: true }, { type: 'x', l: ['a', 'b'] }, { type: 'x', l: ['a', 'b'] }, { type: 'x', l: ['b', 'a'] }];
    expect(dedupEntries(list)).toEqual([list[0], list[1], list[5], list[3]]);
  });

  it('deduplicates long lists the same way', () => {
    const list: Entry[] = Array.from({ length: 20 }, (_, i) => (i % 2 ? { ref: String(i % 5), type: 'registry' } : { type: 'registry', ref: String(i % 5) }));
    expect(dedupEntries(list).map((e) => e['ref'])).toEqual(['0', '1', '2', '3', '4']);
  });

  it('keeps a list without duplicates as it is', () => {
    const list: Entry[] = [{ type: 'gha' }, { type: 'registry', ref: 'r' }, { type: 'local', src: 'c' }];
    expect(dedupEntries(list)).toEqual(list);
  });

  it('reorders like buildx when an early entry repeats', () => {
    const [a, b, c] = ['a', 'b', 'c'].map((ref): Entry => ({ type: 'registry', ref }));
    expect(dedupEntries([a!, a!, b!, c!])).toEqual([a, c, b]);
  });
});

describe('object entries', () => {
  it('require a type for outputs and caches, as their CSV form does', () => {
    expect(() => config([raw('app', { output: [{ dest: 'x' }] })])).toThrow('output: type is required for output');
    expect(() => config([raw('app', { 'cache-to': [{ ref: 'r' }] })])).toThrow('cache-to: type required for "{\\"ref\\":\\"r\\"}"');
    expect(() => config([raw('app', { 'cache-from': [{ type: '', ref: 'r' }] })])).toThrow('type required for');
    expect(config([raw('app', { output: [{ type: 'local', dest: 'x' }] })]).targets.size).toBe(1);
  });

  it('reject a lone string with cty\'s message for the list type', () => {
    expect(() => config([raw('app', { output: 'type=docker' })])).toThrow('Unsuitable value: list of map of string required');
    expect(() => config([raw('app', { secret: 'id=a' })])).toThrow('Unsuitable value: list of object required');
  });
});

describe('CSV entries', () => {
  const t = (attrs: Parameters<typeof raw>[1]) => config([raw('app', attrs)]).targets.get('app')!;

  it('trim the keys buildx trims: output keys and attest type/disabled, not cache or secret keys', () => {
    expect(t({ output: ['type=local, Dest=y'] }).output).toEqual([{ type: 'local', dest: 'y' }]);
    expect(t({ 'cache-from': ['type=registry, ref=x'] })['cache-from']).toEqual([{ type: 'registry', ' ref': 'x' }]);
    expect(t({ attest: ['type=sbom, Gen=x', ' Type=provenance'] }).attest).toEqual([{ type: 'sbom', ' Gen': 'x' }, { type: 'provenance' }]);
    expect(() => t({ secret: ['id=a, src=x'] })).toThrow("unexpected key ' src' in ' src=x'");
  });

  it('read one output field not starting with type= as a local directory', () => {
    expect(t({ output: ['Type=local', '-', 'dest=x'] }).output).toEqual([
      { type: 'local', dest: 'Type=local' },
      { type: 'tar', dest: '-' },
      { type: 'local', dest: 'dest=x' },
    ]);
  });
});

describe('attest objects', () => {
  it('read type and disabled by exact name and need no type, as buildx decodes them', () => {
    const t = config([raw('app', { attest: [{ mode: 'max' }, { type: 'sbom', disabled: 'false', Type: 'x' }] })]).targets.get('app')!;
    expect(t.attest).toEqual([{ type: '', mode: 'max' }, { type: 'sbom', Type: 'x' }]);
    expect(() => config([raw('app', { attest: [{ type: 'sbom', disabled: 'maybe' }] })])).toThrow('strconv.ParseBool: parsing "maybe": invalid syntax');
  });
});

describe('null elements', () => {
  it('are an error in string lists and contexts (Go strings), allowed in args/labels/extra-hosts (pointers)', () => {
    expect(() => config([raw('app', { tags: ['a', null] })])).toThrow('Unsuitable value: null value is not allowed');
    expect(() => config([raw('app', { contexts: { a: null } })])).toThrow('Unsuitable value: null value is not allowed');
    expect(() => config([raw('app', { output: ['type=docker', null] })])).toThrow('Unsuitable value: null value is not allowed');
    expect(config([raw('app', { 'cache-from': ['', 'r'] })]).targets.get('app')!['cache-from']).toEqual([{ type: 'registry', ref: 'r' }]);
    const t = config([raw('app', { args: { A: null, B: '1' }, labels: { L: null } })]).targets.get('app')!;
    expect(t.args).toEqual({ A: null, B: '1' });
  });
});
