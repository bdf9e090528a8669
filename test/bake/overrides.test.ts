import { describe, expect, it } from 'vitest';
import { setLoad, setPush } from '../../src/bake/push-load.js';
import { readTargets } from '../../src/bake/read-targets.js';
import type { Target } from '../../src/bake/types.js';
import { config, raw, resolve } from './helpers.js';

const base = (): ReturnType<typeof config> =>
  config([
    raw('app', { tags: ['t1'], platforms: ['linux/amd64'], args: { A: '1' }, secret: ['id=s,src=a'], output: ['type=image'] }),
    raw('app-worker', { tags: ['w'] }),
    raw('other', {}),
  ]);

function app(sets: string[], env: Record<string, string> = {}): Target {
  return resolve(base(), ['app'], sets, env).targets.get('app')!;
}

describe('--set', () => {
  it('replaces scalars and sets map entries', () => {
    const t = app(['app.context=./src', 'app.dockerfile=x.Dockerfile', 'app.target=prod', 'app.args.B=2', 'app.labels.L=v', 'app.contexts.c=../c', 'app.extra-hosts.h=1.2.3.4', 'app.shm-size=1g', 'app.call=check', 'app.network=none', 'app.resources.memory=1g']);
    expect(t).toMatchObject({ context: './src', dockerfile: 'x.Dockerfile', target: 'prod', args: { A: '1', B: '2' }, labels: { L: 'v' } });
    expect(t).toMatchObject({ contexts: { c: '../c' }, 'extra-hosts': { h: '1.2.3.4' }, 'shm-size': '1g', call: 'check', network: 'none', resources: { memory: '1g' } });
  });

  it('accumulates repeated list values, replacing with = and appending with +=', () => {
    expect(app(['app.tags=x', 'app.tags=y']).tags).toEqual(['x', 'y']);
    expect(app(['app.tags+=x', 'app.platform+=linux/arm64']).tags).toEqual(['t1', 'x']);
    expect(app(['app.platform+=linux/arm64']).platforms).toEqual(['linux/amd64', 'linux/arm64']);
    expect(app(['app.cache-to=type=inline', 'app.output=type=local,dest=out']).output).toEqual([{ type: 'local', dest: 'out' }]);
    expect(app(['app.secrets=id=k,env=K']).secret).toEqual([{ id: 'k', env: 'K' }]);
    expect(app(['app.output=']).output).toEqual([]);
    expect(app(['app.cache-from=a/b:c,d/e:f'])['cache-from']).toEqual([{ type: 'registry', ref: 'a/b:c' }, { type: 'registry', ref: 'd/e:f' }]);
    expect(app(['app.output=TYPE=Local,Dest=o']).output).toEqual([{ type: 'Local', dest: 'o' }]);
    // One CSV field not starting with `type=` is a local directory, even with an `=` in it (buildx's ExportEntry).
    expect(app(['app.output=dest=o']).output).toEqual([{ type: 'local', dest: 'dest=o' }]);
    expect(() => app(['app.output=dest=o,name=n'])).toThrow('invalid value for outputs: type is required for output');
  });

  it('always appends attest, annotations and entitlements', () => {
    const t = app(['app.attest=type=sbom', 'app.annotations=a=b', 'app.entitlements=network.host']);
    expect(t.attest).toEqual([{ type: 'sbom' }]);
    expect(t.annotations).toEqual(['a=b']);
    expect(t.entitlements).toEqual(['network.host']);
  });

  it('reads a bare args.NAME from the environment, skipping it when unset', () => {
    expect(app(['app.args.FROM_ENV', 'app.args.UNSET'], { FROM_ENV: 'e' }).args).toEqual({ A: '1', FROM_ENV: 'e' });
  });

  it('sets a bare args.NAME empty when environment lookups are disabled', () => {
    const t = readTargets(base(), ['app'], { sets: ['app.args.FROM_ENV'], env: undefined }).targets.get('app')!;
    expect(t.args).toEqual({ A: '1', FROM_ENV: '' });
  });

  it('matches target patterns and ignores targets not built', () => {
    const r = resolve(base(), ['app', 'app-worker'], ['app*.args.X=1', 'other.tags=o']);
    expect(r.targets.get('app')!.args).toEqual({ A: '1', X: '1' });
    expect(r.targets.get('app-worker')!.args).toEqual({ X: '1' });
  });

  it('parses booleans like Go and applies push/load to the outputs', () => {
    expect(app(['app.pull=T', 'app.no-cache=0'])).toMatchObject({ pull: true, 'no-cache': false });
    expect(app(['app.push=true']).output).toEqual([{ type: 'image', push: 'true' }]);
    expect(app(['app.load=true']).output).toEqual([{ type: 'image' }, { type: 'docker' }]);
  });

  it('keeps the source of a type=env secret as the file when env= names no variable', () => {
    expect(app(['app.secrets=type=env,id=a,src=V']).secret).toEqual([{ id: 'a', env: 'V' }]);
    expect(app(['app.secrets=type=env,id=a,env=,src=V']).secret).toEqual([{ id: 'a', env: 'V' }]);
    expect(app(['app.secrets=type=env,id=a,env=E,src=V']).secret).toEqual([{ id: 'a', env: 'E', src: 'V' }]);
  });

  it('re-sources a declared secret', () => {
    expect(app(['app.secret.s=src=b']).secret).toEqual([{ id: 's', src: 'b' }]);
    expect(() => app(['app.secret.nope=src=b'])).toThrow('secret "nope" must be declared before it can be overridden');
    expect(app(['app.secret.s=id=s,env=E']).secret).toEqual([{ id: 's', env: 'E' }]);
    expect(() => app(['app.secret.s=id=t,env=E'])).toThrow('secret override id "t" does not match declared secret "s"');
  });

  it.each([
    ['app', 'invalid override key app, expected target.name'],
    ['app.tags', 'invalid override app.tags, expected target.name=value'],
    ['app.args=x', 'invalid key app.args, args requires name'],
    ['app.contexts=x', 'invalid key app.contexts, contexts requires name'],
    ['nope.tags=x', "could not find any target matching 'nope'"],
    ['x*.tags=x', "could not find any target matching 'x*'"],
    ['app.pull=maybe', 'invalid value maybe for boolean key pull'],
    ['app.bogus=1', 'unknown key: bogus'],
    ['app.resources.bogus=1', 'unknown resources key bogus'],
    ['app.resources.cpu-quota=half', 'invalid value half for int64 key resources.cpu-quota'],
    ['app.labels=x', 'invalid format for labels, expecting labels.<name>=<value>'],
    ['app.inherits=x', 'unknown key: inherits'],
    ['app.description=x', 'unknown key: description'],
    ['app.resources=1', 'invalid key app.resources, resources requires name'],
    ['app.secrets=id=a,bogus=1', "invalid value for outputs: unexpected key 'bogus' in 'bogus=1'"],
    ['app.attest=mode=max', 'invalid value for attest: attestation type not specified'],
    ['app.cache-to=src=x', 'type required for "src=x"'],
    ['[.tags=x', "could not match targets with '[': syntax error in pattern"],
  ])('rejects %s', (set, message) => {
    expect(() => app([set])).toThrow(message);
  });
});

describe('push/load outputs', () => {
  it('push=true marks image outputs and adds one only beside docker outputs', () => {
    expect(setPush([{ type: 'docker' }], true)).toEqual([{ type: 'docker' }, { type: 'image', push: 'true' }]);
    expect(setPush([{ type: 'local', dest: 'o' }], true)).toEqual([{ type: 'local', dest: 'o' }]);
  });

  it('push=false drops registry outputs and unmarks image ones', () => {
    expect(setPush([{ type: 'registry' }, { type: 'image', push: 'true' }], false)).toEqual([{ type: 'image', push: 'false' }]);
  });

  it('load=true adds a docker output unless one loads or a local/tar output exists', () => {
    expect(setLoad([], true)).toEqual([{ type: 'docker' }]);
    expect(setLoad([{ type: 'docker' }], true)).toEqual([{ type: 'docker' }]);
    expect(setLoad([{ type: 'docker', dest: 'x.tar' }], true)).toEqual([{ type: 'docker', dest: 'x.tar' }, { type: 'docker' }]);
    expect(setLoad([{ type: 'tar', dest: 'x' }], true)).toEqual([{ type: 'tar', dest: 'x' }]);
  });
});

describe('--set for targets not built', () => {
  it('ignores unknown keys and bad values of targets that are not resolved', () => {
    expect(resolve(base(), ['app'], ['other.bogus=1', 'other.pull=maybe']).targets.has('other')).toBe(false);
  });
});

describe('--sbom/--provenance shorthands', () => {
  it('print an enabled attestation without a disabled key and a disabled one with disabled=true', () => {
    expect(app(['*.attest=type=sbom,disabled=false', '*.attest=type=provenance,disabled=true']).attest).toEqual([{ type: 'sbom' }, { type: 'provenance', disabled: true }]);
  });
});
