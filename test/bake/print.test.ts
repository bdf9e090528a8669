import { describe, expect, it } from 'vitest';
import { printDefinition } from '../../src/bake/print.js';
import { config, group, raw, resolve } from './helpers.js';

describe('--print', () => {
  it('writes fields in buildx struct order, omitting unset and empty ones', () => {
    const c = config([
      raw('app', { platforms: ['linux/amd64'], tags: ['t'], args: { Z: '1', A: '2' }, description: 'd', pull: false, target: '', labels: {}, 'cache-to': [] }),
    ]);
    const out = printDefinition(resolve(c, ['app']));
    const t = (JSON.parse(out) as { target: Record<string, Record<string, unknown>> }).target['app']!;
    expect(Object.keys(t)).toEqual(['description', 'context', 'dockerfile', 'args', 'tags', 'target', 'platforms', 'pull']);
    expect(Object.keys(t['args'] as object)).toEqual(['A', 'Z']);
    expect(out.endsWith('}\n')).toBe(true);
    expect(out).toContain('\n  "group": {\n    "default": {\n      "targets": [\n        "app"\n      ]');
  });

  it('prints project_id last, inherited, and not when empty (the reference --print generator, depot, takes a Depot project per target)', () => {
    const c = config([
      raw('base', { project_id: 'p1', tags: ['t'] }),
      raw('app', { inherits: ['base'], project_id: '', 'shm-size': '1g' }),
      raw('none', { project_id: '' }),
    ]);
    const t = (JSON.parse(printDefinition(resolve(c, ['app', 'none']))) as { target: Record<string, Record<string, unknown>> }).target;
    expect(Object.keys(t['app']!)).toEqual(['context', 'dockerfile', 'tags', 'shm-size', 'project_id']);
    expect(t['app']!['project_id']).toBe('p1');
    expect('project_id' in t['none']!).toBe(false);
  });

  it('prints the cpu counts of resources as numbers, the sizes and cpu sets as strings', () => {
    const c = config([raw('app', { resources: { 'cpu-shares': 1024, memory: '2g', 'cpuset-cpus': '0-3' } })]);
    const out = printDefinition(resolve(c, ['app'], ['app.resources.cpu-quota=50000']));
    expect(out).toContain('"resources": {\n        "cpu-quota": 50000,\n        "cpu-shares": 1024,\n        "cpuset-cpus": "0-3",\n        "memory": "2g"\n      }');
  });

  it('prints a resources attribute that sets nothing as an empty object (a non-nil struct pointer)', () => {
    const c = config([raw('app', { resources: {} }), raw('nulls', { resources: { memory: null } }), raw('none', {})]);
    const t = (JSON.parse(printDefinition(resolve(c, ['app', 'nulls', 'none']))) as { target: Record<string, Record<string, unknown>> }).target;
    expect(t['app']!['resources']).toEqual({});
    expect(t['nulls']!['resources']).toEqual({});
    expect('resources' in t['none']!).toBe(false);
  });

  it('rejects a resources cpu count that is no whole number', () => {
    expect(() => config([raw('app', { resources: { 'cpu-period': 1.5 } })])).toThrow('cpu-period: a whole number is required');
  });

  it('leaves out the entry keys buildx omits when empty, and keeps the others', () => {
    const c = config([
      raw('app', {
        secret: ['id=b,env=', { id: 'a', src: '/x', env: '' }],
        output: [{ type: 'registry', dest: '', name: '' }],
        ssh: [{ id: 'default', paths: [] }, 'key=', 'k2=a,'],
        'cache-from': [{ type: 'registry', ref: '' }],
      }),
    ]);
    const t = (JSON.parse(printDefinition(resolve(c, ['app']))) as { target: Record<string, Record<string, unknown>> }).target['app']!;
    expect(t['secret']).toEqual([{ id: 'b' }, { id: 'a', src: '/x' }]);
    expect(t['output']).toEqual([{ name: '', type: 'registry' }]);
    // Split as Go does: `key=` has one empty path.
    expect(t['ssh']).toEqual([{ id: 'default' }, { id: 'key', paths: [''] }, { id: 'k2', paths: ['a', ''] }]);
    expect(t['cache-from']).toEqual([{ ref: '', type: 'registry' }]);
  });

  it('prints secrets in their Go struct order (id, src, env), not sorted', () => {
    const c = config([raw('app', { secret: ['env=E,src=s,id=i'] })]);
    expect(printDefinition(resolve(c, ['app']))).toContain('"secret": [\n        {\n          "id": "i",\n          "src": "s",\n          "env": "E"\n        }');
  });

  it('prints entries as objects with sorted keys', () => {
    const c = config([raw('app', { 'cache-from': ['type=registry,ref=x,mode=max'], ssh: ['k=/a'] })]);
    const out = printDefinition(resolve(c, ['app']));
    expect(out).toContain('{\n          "mode": "max",\n          "ref": "x",\n          "type": "registry"\n        }');
    expect(out).toContain('"paths": [\n            "/a"\n          ]');
  });

  it('escapes ${ and %{ in args, labels, annotations and dockerfile-inline, but not tags', () => {
    const c = config([raw('app', { args: { A: '${X}' }, labels: { L: '%{x}' }, 'dockerfile-inline': 'FROM ${B}', annotations: ['a=${c}'], tags: ['${t}'] })]);
    const t = (JSON.parse(printDefinition(resolve(c, ['app']))) as { target: Record<string, Record<string, unknown>> }).target['app']!;
    expect(t).toMatchObject({ args: { A: '$${X}' }, labels: { L: '%%{x}' }, 'dockerfile-inline': 'FROM $${B}', annotations: ['a=$${c}'], tags: ['${t}'] });
  });

  it('writes backspace and form feed as \\u escapes like Go, leaving an escaped backslash before b alone', () => {
    const c = config([raw('app', { args: { A: 'x\by\fz', B: 'back\\slash\\b' } })]);
    const out = printDefinition(resolve(c, ['app']));
    expect(out).toContain('"A": "x\\u0008y\\u000cz"');
    expect(out).toContain('"B": "back\\\\slash\\\\b"');
    expect(JSON.parse(out).target.app.args).toEqual({ A: 'x\by\fz', B: 'back\\slash\\b' });
  });

  it('escapes HTML characters as Go does', () => {
    const out = printDefinition(resolve(config([raw('app', { tags: ['a<b>&c', 'l\u2028p\u2029'] })]), ['app']));
    expect(out).toContain('"a\\u003cb\\u003e\\u0026c"');
    expect(out).toContain('"l\\u2028p\\u2029"');
  });

  it('prints group descriptions', () => {
    const c = config([raw('a', {})], [group('g', ['a'], 'my group')]);
    const doc = JSON.parse(printDefinition(resolve(c, ['g']))) as { group: Record<string, unknown> };
    expect(doc.group).toEqual({ default: { targets: ['g'] }, g: { description: 'my group', targets: ['a'] } });
  });
});
