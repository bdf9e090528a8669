import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCompose } from '../../../src/config/compose/index.js';
import { SourceError } from '../../../src/errors.js';

const one = (data: string, env: Record<string, string> = {}) => parseCompose([{ name: 'compose.yaml', data }], env);
const attrs = (data: string, env: Record<string, string> = {}) => {
  const { targets } = one(data, env);
  return Object.fromEntries(targets.map((t) => [t.name, JSON.parse(JSON.stringify(t.attrs)) as Record<string, unknown>]));
};

function err(data: string, env: Record<string, string> = {}): string {
  try {
    one(data, env);
  } catch (e) {
    expect(e).toBeInstanceOf(SourceError);
    return (e as Error).message;
  }
  throw new Error('expected an error');
}

describe('parseCompose', () => {
  it('turns services with build into targets of the default group', () => {
    const r = one('services:\n  db:\n    image: postgres\n  web.app:\n    build: ./web/\n  api:\n    build:\n      context: .\n');
    expect(r.targets.map((t) => t.name)).toEqual(['api', 'web_app']);
    expect(r.groups).toEqual([{ name: 'default', targets: ['api', 'web_app'] }]);
    expect(r.targets[1]!.attrs).toMatchObject({ context: 'web', network: '' });
    expect(r.targets[1]!.range).toMatchObject({ filename: 'compose.yaml', start: { line: 4, column: 3 } });
  });

  it('keeps an empty default group when no service builds, nothing when there is no service', () => {
    // buildx's ParseCompose makes the group for any service; its target list stays a nil slice.
    expect(one('services:\n  db:\n    image: postgres\n')).toEqual({ targets: [], groups: [{ name: 'default', targets: [], targetsNil: true }] });
    expect(one('services: {}\n')).toEqual({ targets: [], groups: [] });
    // A file without services or secrets is refused (buildx keeps only those two keys).
    expect(err('')).toContain('compose.yaml:1,1-1: Invalid compose file; empty compose file');
    expect(err('name: x\nx-common: {a: 1}\n')).toContain('empty compose file');
    expect(one('secrets:\n  s:\n    file: ./s\n')).toEqual({ targets: [], groups: [] });
  });

  it('checks services and secrets like compose-go: an image or a build, a secret source', () => {
    // A null build is refused by compose-go's canonical form before the service is checked.
    expect(err('services:\n  app:\n    build:\n')).toContain('compose.yaml:3,11-11: Invalid compose file; services.app.build: invalid type <nil> for build');
    expect(err('services:\n  app:\n    environment: {A: b}\n')).toContain('compose.yaml:3,5-4,1: Invalid compose file; services.app has neither an image nor a build context specified');
    expect(err('services:\n  app:\n    entrypoint: echo\n')).toContain('services.app has neither an image nor a build context specified');
    expect(err('secrets:\n  s: {}\nservices:\n  app:\n    build: .\n')).toContain('compose.yaml:2,3-4: Invalid compose file; secrets.s must declare either `file` or `environment`');
    expect(one('secrets:\n  s:\n    external: true\n  t:\n    environment: T\nservices:\n  app:\n    build: .\n').targets).toHaveLength(1);
  });

  it('maps every build key', () => {
    const a = attrs(`
secrets:
  npm:
    file: ./npmrc
  token:
    environment: GH_TOKEN
services:
  app:
    image: ignored/because:tags
    build:
      context: ./src/../app
      dockerfile: Dockerfile.app
      dockerfile_inline: FROM scratch
      labels: [a=1, b]
      tags: [acme/app:1]
      cache_from: ['type=registry,ref=acme/cache']
      cache_to: [type=inline]
      target: prod
      platforms: [linux/amd64]
      network: host
      ssh: [zed=/k, default]
      secrets: [npm, {source: token, target: t}]
      shm_size: 256m
      ulimits:
        nproc: 65535
        nofile: {soft: 1024, hard: 2048}
      extra_hosts: ["h1=10.0.0.1", "h2:10.0.0.2"]
      additional_contexts:
        base: service:base
        img: docker-image://alpine
        src: ./src/
      no_cache: true
      pull: false
      entitlements: [network.host]
      provenance: mode=max
      sbom: true
`);
    expect(a['app']).toEqual({
      context: 'app',
      dockerfile: 'Dockerfile.app',
      'dockerfile-inline': 'FROM scratch',
      labels: { a: '1', b: '' },
      tags: ['acme/app:1'],
      'cache-from': ['type=registry,ref=acme/cache'],
      'cache-to': ['type=inline'],
      target: 'prod',
      platforms: ['linux/amd64'],
      network: 'host',
      ssh: ['default', 'zed=/k'],
      secret: ['id=npm,src=npmrc', 'id=token,env=GH_TOKEN'],
      'shm-size': '256MiB',
      ulimits: ['nofile=1024:2048', 'nproc=65535:65535'],
      'extra-hosts': { h1: '10.0.0.1', h2: '10.0.0.2' },
      contexts: { base: 'target:base', img: 'docker-image://alpine', src: 'src' },
      'no-cache': true,
      pull: false,
      // buildx lists sbom before provenance and ignores compose's entitlements.
      attest: ['type=sbom,disabled=false', 'type=provenance,mode=max'],
    });
  });

  it('drops a zero shm_size and reads provenance/sbom as buildx canonicalizes them', () => {
    const a = attrs('services:\n  app:\n    build:\n      context: .\n      shm_size: 0\n      provenance: "false"\n      sbom: "generator=img"\n  b:\n    build:\n      context: .\n      provenance: ""\n');
    expect(a['app']!['shm-size']).toBeUndefined();
    expect(a['app']!['attest']).toEqual(['type=sbom,generator=img', 'type=provenance,disabled=true']);
    expect(a['b']!['attest']).toBeUndefined();
  });

  it('sets nothing for empty string fields, as buildx', () => {
    const a = attrs('services:\n  app:\n    build:\n      context: ""\n      dockerfile: ${UNSET}\n      dockerfile_inline: ""\n      target: ""\n      network: ""\n');
    expect(a['app']).toEqual({ network: '' });
    expect(attrs('services:\n  app:\n    build: ""\n')['app']).toEqual({ network: '' });
  });

  it('resolves args given without a value from the service environment, then the env', () => {
    const a = attrs(
      'services:\n  app:\n    environment:\n      FROM_SVC: s\n    build:\n      context: .\n      args:\n        - FROM_SVC\n        - FROM_ENV\n        - MISSING\n        - SET=1\n',
      { FROM_ENV: 'e', FROM_SVC: 'not-used' },
    );
    expect(a['app']!['args']).toEqual({ FROM_SVC: 's', FROM_ENV: 'e', SET: '1' });
    const b = attrs('services:\n  app:\n    environment: [X=x]\n    build:\n      args:\n        X:\n        N: 2\n');
    expect(b['app']!['args']).toEqual({ X: 'x', N: '2' });
  });

  it('resolves args from env_file too, environment winning, optional files skipped', () => {
    const dir = mkdtempSync(join(tmpdir(), 'compose-env-'));
    writeFileSync(join(dir, 'a.env'), 'FROM_FILE=f\nBOTH=file\n');
    const a = attrs(
      `services:\n  app:\n    env_file:\n      - ${dir}/a.env\n      - path: ${dir}/missing.env\n        required: false\n    environment: {BOTH: env}\n    build:\n      args: [FROM_FILE, BOTH]\n`,
    );
    expect(a['app']!['args']).toEqual({ FROM_FILE: 'f', BOTH: 'env' });
    expect(err(`services:\n  app:\n    env_file: ${dir}/missing.env\n    build: .\n`)).toContain('services.app.env_file env file');
  });

  it('expands ~ in an env_file path, as compose-go resolves it', () => {
    const home = mkdtempSync(join(tmpdir(), 'compose-home-'));
    writeFileSync(join(home, 'h.env'), 'H=home\n');
    const saved = process.env['HOME'];
    process.env['HOME'] = home;
    try {
      expect(attrs('services:\n  app:\n    env_file: ~/h.env\n    build:\n      args: [H]\n')['app']!['args']).toEqual({ H: 'home' });
    } finally {
      process.env['HOME'] = saved;
    }
  });

  it('uses image as the tag only without tags', () => {
    expect(attrs('services:\n  app:\n    image: acme/app:${TAG:-dev}\n    build: .\n', { TAG: '' })['app']!['tags']).toEqual(['acme/app:dev']);
    expect(attrs('services:\n  app:\n    image: acme/app\n    build:\n      x-bake:\n        tags: acme/x\n')['app']!['tags']).toEqual(['acme/x']);
  });

  it('takes a Depot project from build.x-depot.project-id, as the reference --print generator (depot) does', () => {
    const t = attrs('services:\n  app:\n    build:\n      x-depot:\n        project-id: abc\n  other:\n    build:\n      x-depot: {}\n');
    expect(t['app']!['project_id']).toBe('abc');
    expect('project_id' in t['other']!).toBe(false);
    expect(err('services:\n  app:\n    build:\n      x-depot: abc\n')).toContain('services.app.build.x-depot must be a mapping');
  });

  it('applies x-bake: lists from YAML lists or whitespace strings, merged without duplicates', () => {
    const a = attrs(`
services:
  app:
    build:
      context: .
      tags: [acme/app:compose]
      cache_from: ['type=registry,ref=acme/app:cache']
      additional_contexts: {tools: compose-wins}
      x-bake:
        tags:
          - acme/app:xbake
          - acme/app:compose
        platforms: linux/amd64 linux/arm64
        cache-from: [type=gha]
        cache-to: type=gha,mode=max
        secret:
          - id=npmrc,src=./npmrc
        ssh: default
        output: type=registry
        no-cache-filter: [deps]
        pull: true
        no-cache: false
        contexts: {tools: docker-image://busybox, extra: ./x}
        unknown-key: ignored
`);
    expect(a['app']).toEqual({
      context: '.',
      tags: ['acme/app:compose', 'acme/app:xbake'],
      'cache-from': ['type=registry,ref=acme/app:cache', 'type=gha'],
      'cache-to': ['type=gha,mode=max'],
      secret: ['id=npmrc,src=./npmrc'],
      ssh: ['default'],
      platforms: ['linux/amd64', 'linux/arm64'],
      output: ['type=registry'],
      'no-cache-filter': ['deps'],
      pull: true,
      'no-cache': false,
      network: '',
      contexts: { extra: './x', tools: 'compose-wins' },
    });
  });

  it('links service: and target: contexts to the service target, in additional_contexts and x-bake', () => {
    const src = 'services:\n  app:\n    build:\n      additional_contexts: {a: "service:web.app", b: "target:db"}\n      x-bake:\n        contexts: {c: "service:db", d: ./raw/}\n';
    expect(attrs(src)['app']!['contexts']).toEqual({ c: 'target:db', d: './raw/', a: 'target:web_app', b: 'target:db' });
  });

  it('joins the addresses of a host given twice in extra_hosts, in list or mapping form', () => {
    expect(attrs('services:\n  app:\n    build:\n      extra_hosts: ["h=1.1.1.1", "h:2.2.2.2", "g=::1"]\n')['app']!['extra-hosts']).toEqual({ h: '1.1.1.1,2.2.2.2', g: '::1' });
    expect(attrs('services:\n  app:\n    build:\n      extra_hosts: {h: [1.1.1.1, 2.2.2.2], g: 3.3.3.3}\n')['app']!['extra-hosts']).toEqual({ h: '1.1.1.1,2.2.2.2', g: '3.3.3.3' });
  });

  it('sets COMPOSE_PROJECT_NAME for interpolation: the top-level name, else the environment, else bake', () => {
    const tags = (src: string, env: Record<string, string> = {}) => attrs(src, env)['app']!['tags'];
    const body = 'services:\n  app:\n    build:\n      tags: ["${COMPOSE_PROJECT_NAME}/app"]\n';
    expect(tags(body)).toEqual(['bake/app']);
    expect(tags(`name: \${P:-proj}\n${body}`)).toEqual(['proj/app']);
    // buildx sets its project name without marking it imperative, so a file's name wins.
    expect(tags(`name: proj\n${body}`, { COMPOSE_PROJECT_NAME: 'env' })).toEqual(['proj/app']);
    expect(tags(`name: ""\n${body}`, { COMPOSE_PROJECT_NAME: 'env' })).toEqual(['env/app']);
    expect(tags(`name: \${UNSET}\n${body}`)).toEqual(['bake/app']);
  });

  it('interpolates values from the env, including inside x-bake', () => {
    const a = attrs('services:\n  app:\n    build:\n      context: ${CTX}\n      args: {V: "$${LIT}-${V:-def}"}\n      x-bake:\n        tags: r/app:${TAG}\n', { CTX: 'dir', TAG: '1' });
    expect(a['app']).toMatchObject({ context: 'dir', args: { V: '${LIT}-def' }, tags: ['r/app:1'] });
  });

  it('merges files in order: maps merge, scalars override, lists append', () => {
    const r = parseCompose(
      [
        { name: 'a.yaml', data: 'services:\n  app:\n    build:\n      context: a\n      args: {A: "1", B: "1"}\n      tags: [t1]\n' },
        { name: 'b.yaml', data: 'services:\n  app:\n    build:\n      context: b\n      args: {B: "2"}\n      tags: [t1, t2]\n  other:\n    build: o\n' },
      ],
      {},
    );
    expect(r.targets.map((t) => t.name)).toEqual(['app', 'other']);
    expect(JSON.parse(JSON.stringify(r.targets[0]!.attrs))).toMatchObject({ context: 'b', args: { A: '1', B: '2' }, tags: ['t1', 't2'] });
    expect(r.targets[0]!.ranges['context']).toMatchObject({ filename: 'b.yaml', start: { line: 4 } });
  });

  it('honours !reset and !override in later files', () => {
    const r = parseCompose(
      [
        { name: 'a.yaml', data: 'services:\n  app:\n    build:\n      context: a\n      args: {A: "1", B: "1"}\n      tags: [t1]\n      target: dev\n' },
        { name: 'b.yaml', data: 'services:\n  app:\n    build:\n      args: !override {B: "2"}\n      tags: !override [t2]\n      target: !reset null\n' },
      ],
      {},
    );
    expect(JSON.parse(JSON.stringify(r.targets[0]!.attrs))).toEqual({ context: 'a', args: { B: '2' }, tags: ['t2'], network: '' });
  });

  it('resolves YAML anchors and merge keys', () => {
    const a = attrs('x-common: &common\n  context: shared\n  target: t\nservices:\n  app:\n    build:\n      <<: *common\n      target: own\n');
    expect(a['app']).toMatchObject({ context: 'shared', target: 'own' });
  });

  it.each([
    ['services:\n  app:\n    build:\n      context: .\n      bogus: 1\n', "compose.yaml:5,7-12: Invalid compose file; services.app.build additional properties 'bogus' not allowed"],
    ['services:\n  app:\n    build:\n      tags: acme\n', 'compose.yaml:4,13-17: Invalid compose file; services.app.build.tags must be a array'],
    ['services:\n  app:\n    build:\n      context: ${NEED:?set NEED}\n', 'compose.yaml:4,16-33: Invalid interpolation; required variable NEED is missing a value: set NEED'],
    ['services:\n  app:\n    build:\n      secrets: [nope]\n', 'compose.yaml:4,17-21: Invalid compose file; services.app.build.secrets[0] refers to undefined build secret nope'],
    ['secrets:\n  s:\n    external: true\nservices:\n  app:\n    build:\n      secrets: [s]\n', 'compose.yaml:3,15-19: Invalid compose file; secrets.s unsupported external secret s'],
    ['services:\n  app:\n    build:\n      shm_size: lots\n', "services.app.build.shm_size invalid size: 'lots'"],
    ['services:\n  app:\n    build:\n      context: 3\n', 'compose.yaml:4,16-17: Invalid compose file; services.app.build.context must be a string'],
    ['services:\n  app:\n    build: true\n', 'services.app.build: invalid type bool for build'],
    ['services:\n  app:\n    build:\n      tags: [1.5]\n', 'compose.yaml:4,14-17: Invalid compose file; services.app.build.tags.0 must be a string'],
    ['services:\n  app:\n    image: 7\n', 'services.app.image must be a string'],
    ['services:\n  app:\n    image: ""\n', 'services.app has neither an image nor a build context specified'],
    ['services:\n  app:\n    build:\n      context: .\n      x-bake:\n        contexts: [a=b]\n', 'services.app.build.x-bake.contexts cannot unmarshal !!seq into bake.stringMap'],
    ['services:\n  app: [\n', 'compose.yaml:3,1'],
    ['services:\n  "a b":\n    build: .\n', "compose.yaml:2,3-8: Invalid compose file; services additional properties 'a b' not allowed"],
    ['services:\n  "db/x":\n    image: postgres\n', "services additional properties 'db/x' not allowed"],
  ])('reports %j', (src, want) => {
    expect(err(src)).toContain(want);
  });
});
