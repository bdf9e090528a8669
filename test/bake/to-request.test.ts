import { describe, expect, it } from 'vitest';
import { toSolveRequest } from '../../src/bake/to-request.js';
import { config, raw, resolve } from './helpers.js';

function request(attrs: Parameters<typeof raw>[1], extra: { allow?: string[]; env?: Record<string, string>; parallelism?: string } = {}): ReturnType<typeof toSolveRequest> {
  const targets = resolve(config([raw('app', attrs)]), ['app']).targets.values();
  return toSolveRequest(targets, { cwd: '/work/p', env: extra.env ?? { BAKE_STATE_DIR: '/state' }, allow: extra.allow ?? [], ...(extra.parallelism ? { parallelism: extra.parallelism } : {}) });
}

describe('toSolveRequest', () => {
  it('makes paths absolute: context from cwd, Dockerfile from the context, cwd:// from cwd', () => {
    const r = request({ context: 'web', dockerfile: 'dev.Dockerfile', contexts: { b: 'docker-image://x', c: 'lib', d: 'cwd://other', e: 'oci-layout://base/layout:1' } });
    const t = r.targets[0]!;
    expect(t.context).toBe('/work/p/web');
    expect(t.dockerfile).toBe('/work/p/web/dev.Dockerfile');
    expect(t.contexts).toEqual({ b: 'docker-image://x', c: '/work/p/lib', d: '/work/p/other', e: 'oci-layout:///work/p/base/layout:1' });
    expect(r.stateDir).toBe('/state');
  });

  it('parses platforms, outputs, caches, secrets and ssh', () => {
    const t = request({
      platforms: ['linux/amd64', 'linux/arm/v7'],
      output: ['type=oci,dest=out.tar'],
      'cache-to': ['type=local,dest=c'],
      secret: ['id=s,src=s.txt', 'id=e,env=E'],
      ssh: ['default'],
      args: { A: '1' },
      network: 'host',
    }, { allow: ['network.host'] }).targets[0]!;
    expect(t.platforms).toEqual([{ os: 'linux', architecture: 'amd64' }, { os: 'linux', architecture: 'arm', variant: 'v7' }]);
    expect(t.outputs).toEqual([{ type: 'oci', attrs: { dest: 'out.tar' } }]);
    expect(t.cacheTo).toEqual([{ type: 'local', attrs: { dest: 'c' } }]);
    expect(t.secrets).toEqual([{ id: 's', src: '/work/p/s.txt' }, { id: 'e', env: 'E' }]);
    expect(t.ssh).toEqual([{ id: 'default', paths: [] }]);
    expect(t.args).toEqual({ A: '1' });
    expect(t.network).toBe('host');
  });

  it('reads outside the working directory need --allow fs.read; build contexts are not checked, as in buildx', () => {
    expect(request({ context: '../elsewhere' }).targets[0]!.context).toBe('/work/elsewhere');
    expect(() => request({ secret: ['id=s,src=/etc/passwd'] })).toThrow('read access to path /etc/passwd');
    expect(() => request({ 'cache-from': ['type=local,src=/cache'] })).toThrow('pass "--allow=fs.read=/cache"');
    expect(() => request({ ssh: ['k=/keys/id'] })).toThrow('read access to path /keys/id');
    expect(request({ secret: ['id=s,src=/etc/passwd'] }, { allow: ['fs=*'] }).targets).toHaveLength(1);
    expect(request({ secret: ['id=s,src=/etc/x'] }, { allow: ['fs.read=/etc'] }).targets).toHaveLength(1);
  });

  it('warns about writes outside the working directory, and fails on them with BUILDX_BAKE_ENTITLEMENTS_FS=1', () => {
    const warnings: string[] = [];
    const targets = resolve(config([raw('app', { output: ['type=local,dest=/out'] })]), ['app']).targets;
    toSolveRequest(targets.values(), { cwd: '/work/p', env: {}, allow: [], onWarning: (w) => warnings.push(w) });
    expect(warnings).toEqual(['additional privileges requested: write access to path /out; pass "--allow=fs.write=/out" to grant it']);
    expect(() => request({ output: ['type=tar,dest=/out.tar'] }, { env: { BUILDX_BAKE_ENTITLEMENTS_FS: '1' } })).toThrow('write access to path /out.tar');
    expect(request({ output: ['type=tar,dest=/o.tar'] }, { allow: ['fs.write=/'], env: { BUILDX_BAKE_ENTITLEMENTS_FS: '1' } }).targets).toHaveLength(1);
    expect(request({ secret: ['id=s,src=/etc/passwd'] }, { env: { BUILDX_BAKE_ENTITLEMENTS_FS: 'false' } }).targets).toHaveLength(1);
  });

  it('requires --allow for network.host and maps the local platform to the host', () => {
    expect(() => request({ network: 'host' })).toThrow('pass "--allow=network.host"');
    const t = request({ network: 'host', platforms: ['local'] }, { allow: ['network.host'], env: {} }).targets[0]!;
    expect(t.network).toBe('host');
    expect(t.platforms).toHaveLength(1);
    expect(t.platforms[0]!.architecture).not.toBe('local');
  });

  it('takes parallelism from the flag or BAKE_PARALLELISM', () => {
    expect(request({}, { parallelism: '3' }).parallelism).toBe(3);
    expect(request({}, { env: { BAKE_PARALLELISM: '2' } }).parallelism).toBe(2);
    expect(() => request({}, { parallelism: 'x' })).toThrow('invalid parallelism "x"');
  });
});
