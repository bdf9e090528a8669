import { describe, expect, it } from 'vitest';
import type { RawGroup } from '../../src/config/types.js';
import { readTargets } from '../../src/bake/read-targets.js';
import { config, group, raw, resolve } from './helpers.js';

describe('groups', () => {
  it('expands nested groups, dedups, and lists traversed groups', () => {
    const c = config([raw('a', {}), raw('b', {}), raw('c', {})], [group('default', ['all']), group('all', ['a', 'inner', 'a']), group('inner', ['b', 'c'])]);
    expect(c.resolveGroup('default')).toEqual({ targets: ['a', 'b', 'c'], groups: ['default', 'all', 'inner'] });
  });

  it('expands a group reached twice (a diamond) both times', () => {
    const c = config([raw('a', {}), raw('b', {})], [group('top', ['g1', 'g2']), group('g1', ['shared']), group('g2', ['shared', 'b']), group('shared', ['a'])]);
    expect(c.resolveGroup('top').targets).toEqual(['a', 'b']);
  });

  it('treats a group reached again (a cycle) as a target name', () => {
    const c = config([raw('a', {})], [group('g', ['a', 'g'])]);
    expect(c.resolveGroup('g').targets).toEqual(['a', 'g']);
    expect(() => resolve(c, ['g'])).toThrow('failed to find target g');
  });

  it('lets a group shadow a target of the same name', () => {
    const c = config([raw('app', {}), raw('x', {})], [group('app', ['x'])]);
    expect([...resolve(c, ['app']).targets.keys()]).toEqual(['x']);
  });

  it('lets a later group of the same name replace the earlier one, deduplicating its targets', () => {
    const c = config([raw('a', {}), raw('b', {})], [group('default', ['a']), group('default', ['b', 'a', 'b'])]);
    expect(c.groups.get('default')!.targets).toEqual(['b', 'a']);
  });

  it("lets a declared group win over a matrix's implicit group of the same name, written before or after it", () => {
    const implicit: RawGroup = { name: 'app', targets: ['app-a', 'app-b'], implicit: true };
    const targets = [raw('app-a', {}), raw('app-b', {})];
    expect(config(targets, [group('app', ['app-a']), implicit]).groups.get('app')!.targets).toEqual(['app-a']);
    expect(config(targets, [implicit, group('app', ['app-b'])]).groups.get('app')!.targets).toEqual(['app-b']);
    expect(config(targets, [implicit]).groups.get('app')!.targets).toEqual(['app-a', 'app-b']);
  });

  it('prints traversed groups as defined plus a sorted synthesized default', () => {
    const c = config([raw('a', {}), raw('b', {}), raw('z', {})], [group('g', ['b', 'a'], 'desc')]);
    const r = resolve(c, ['z', 'g']);
    expect(r.groups.get('g')).toEqual({ name: 'g', targets: ['b', 'a'], description: 'desc' });
    expect(r.groups.get('default')!.targets).toEqual(['g', 'z']);
  });

  it('keeps a requested real default group', () => {
    const c = config([raw('a', {}), raw('b', {})], [group('default', ['b', 'a'])]);
    expect(resolve(c).groups.get('default')!.targets).toEqual(['a', 'b']);
  });
});

describe('CLI names', () => {
  it('replaces dots with underscores and expands globs over groups and targets', () => {
    const c = config([raw('app_v1', {}), raw('app_v2', {}), raw('web', {})], [group('apps', ['app_v1'])]);
    expect(c.expandNames(['app.v1'])).toEqual(['app_v1']);
    expect(c.expandNames(['app*'])).toEqual(['apps', 'app_v1', 'app_v2']);
    expect(c.expandNames(['app_v[2-9]'])).toEqual(['app_v2']);
    expect(() => c.expandNames(['nope*'])).toThrow('could not find any target matching "nope*"');
    // buildx ignores path.Match's error for CLI names: a malformed pattern matches nothing.
    expect(() => c.expandNames(['[ab'])).toThrow('could not find any target matching "[ab"');
  });
});

describe('inherits', () => {
  it('merges parents left to right under the child', () => {
    const c = config([
      raw('dev', { args: { MODE: 'dev', DEBUG: '1' }, tags: ['dev'] }),
      raw('rel', { args: { MODE: 'rel' }, tags: ['rel'] }),
      raw('app', { inherits: ['dev', 'rel'], platforms: ['linux/amd64'] }),
    ]);
    const t = resolve(c, ['app']).targets.get('app')!;
    expect(t.args).toEqual({ MODE: 'rel', DEBUG: '1' });
    expect(t.tags).toEqual(['rel']);
    expect(t.inherits).toBeUndefined();
    expect([...resolve(c, ['app']).targets.keys()]).toEqual(['app']);
  });

  it('resolves an inherits cycle to nothing and rejects an unknown parent', () => {
    const c = config([raw('a', { inherits: ['b'], tags: ['a'] }), raw('b', { inherits: ['a'], args: { B: '1' } })]);
    expect(resolve(c, ['a']).targets.get('a')).toMatchObject({ tags: ['a'], args: { B: '1' } });
    expect(() => resolve(config([raw('a', { inherits: ['x'] })]), ['a'])).toThrow('failed to find target x');
  });

  it('gives each resolved target its own entry objects and lists, never the definition\'s', () => {
    const c = config([
      raw('base', { 'cache-from': ['type=registry,ref=r/c'], output: ['type=image,name=r/x'] }),
      raw('a', { inherits: ['base'] }),
      raw('b', { inherits: ['base'] }),
    ]);
    const { targets } = resolve(c, ['a', 'b', 'base']);
    const [a, b, base] = [targets.get('a')!, targets.get('b')!, targets.get('base')!];
    a['cache-from']![0]!['ref'] = 'changed';
    a.output![0]!['name'] = 'changed';
    expect(b['cache-from']).toEqual([{ type: 'registry', ref: 'r/c' }]);
    expect(base.output).toEqual([{ type: 'image', name: 'r/x' }]);
    expect(c.targets.get('base')!.output).toEqual([{ type: 'image', name: 'r/x' }]);
    expect(resolve(c, ['a']).targets.get('a')!['cache-from']).toEqual([{ type: 'registry', ref: 'r/c' }]);
  });

  it('resolves each side of an inherits cycle from where it was asked, whatever was resolved before', () => {
    const c = config([
      raw('a', { inherits: ['b'], tags: ['a'] }),
      raw('b', { inherits: ['a'], args: { B: '1' } }),
      raw('c', { inherits: ['a'], labels: { C: '1' } }),
    ]);
    const { targets } = resolve(c, ['a', 'b', 'c']);
    expect(targets.get('a')).toMatchObject({ tags: ['a'], args: { B: '1' } });
    expect(targets.get('b')).toMatchObject({ tags: ['a'], args: { B: '1' } });
    expect(targets.get('c')).toMatchObject({ tags: ['a'], args: { B: '1' }, labels: { C: '1' } });
    expect(resolve(c, ['b']).targets.get('b')).toEqual(targets.get('b'));
  });

  it('gives a parent resolved once for many children the same result as resolved alone', () => {
    const c = config([
      raw('base', { args: { A: '1' }, 'cache-from': ['type=registry,ref=r/base'] }),
      raw('mid', { inherits: ['base'], args: { M: '1' }, 'cache-from': ['type=registry,ref=r/mid'] }),
      raw('x', { inherits: ['mid', 'base'] }),
      raw('y', { inherits: ['mid'], args: { A: '2' } }),
    ]);
    const sets = ['base.args.S=1', 'mid.tags=t'];
    const all = resolve(c, ['x', 'y', 'mid'], sets).targets;
    for (const name of ['x', 'y', 'mid']) expect(all.get(name)).toEqual(resolve(c, [name], sets).targets.get(name));
    expect(all.get('y')).toMatchObject({ args: { A: '2', M: '1', S: '1' }, tags: ['t'] });
  });

  it('applies a parent\'s --set overrides to its children', () => {
    const c = config([raw('base', {}), raw('app', { inherits: ['base'] })]);
    expect(resolve(c, ['app'], ['base.args.X=1']).targets.get('app')!.args).toEqual({ X: '1' });
  });
});

describe('target: contexts', () => {
  it('adds a linked target with a cacheonly output unless requested', () => {
    const c = config([raw('base', { tags: ['b'] }), raw('app', { contexts: { b: 'target:base' } })]);
    expect(resolve(c, ['app']).targets.get('base')!.output).toEqual([{ type: 'cacheonly' }]);
    expect(resolve(c, ['app', 'base']).targets.get('base')!.output).toBeUndefined();
  });

  it('rejects self links, loops, unknown targets and incompatible platforms', () => {
    expect(() => resolve(config([raw('a', { contexts: { x: 'target:a' } })]), ['a'])).toThrow('target a cannot link to itself');
    const loop = config([raw('x', { contexts: { c: 'target:y' } }), raw('y', { contexts: { c: 'target:x' } })]);
    expect(() => resolve(loop, ['x'])).toThrow(/infinite loop from [xy] to [xy]/);
    expect(() => resolve(config([raw('a', { contexts: { x: 'target:missing' } })]), ['a'])).toThrow('failed to find target missing');
    const plats = config([
      raw('base', { platforms: ['linux/amd64', 'linux/arm64'] }),
      raw('app', { contexts: { b: 'target:base' }, platforms: ['linux/amd64', 'linux/s390x'] }),
    ]);
    expect(() => resolve(plats, ['app'])).toThrow("target base can't be used by app because its platforms [linux/amd64 linux/s390x] are not a subset of [linux/amd64 linux/arm64]");
  });
});

describe('SOURCE_DATE_EPOCH', () => {
  it('is added as an arg unless the target sets it', () => {
    const c = config([raw('a', {}), raw('b', { args: { SOURCE_DATE_EPOCH: '1' } })]);
    const r = readTargets(c, ['a', 'b'], { sets: [], env: {}, sourceDateEpoch: '99' });
    expect(r.targets.get('a')!.args).toEqual({ SOURCE_DATE_EPOCH: '99' });
    expect(r.targets.get('b')!.args).toEqual({ SOURCE_DATE_EPOCH: '1' });
  });
});
