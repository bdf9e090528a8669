// What buildx refuses and accepts in a compose file: the schema check of what it reads
// (services' image/build/environment/env_file, top-level secrets), compose-go's interpolation
// casts and canonical form over the whole file, and go-yaml's typed decoding of x-bake.
import { describe, expect, it } from 'vitest';
import { parseCompose } from '../../../src/config/compose/index.js';
import { SourceError } from '../../../src/errors.js';

const load = (data: string, env: Record<string, string> = {}) => parseCompose([{ name: 'c.yaml', data }], env);
const attrs = (data: string, env: Record<string, string> = {}) => JSON.parse(JSON.stringify(load(data, env).targets[0]!.attrs)) as Record<string, unknown>;

function err(data: string, env: Record<string, string> = {}): string {
  try {
    load(data, env);
  } catch (e) {
    expect(e).toBeInstanceOf(SourceError);
    return (e as Error).message;
  }
  throw new Error('expected an error');
}

const app = (build: string) => `services:\n  app:\n    build:\n${build}`;

describe('compose schema of what buildx reads', () => {
  it.each([
    [app('      args: 5\n'), 'c.yaml:4,13-14: Invalid compose file; services.app.build.args must be a mapping'],
    [app('      args: [1]\n'), 'services.app.build.args.0 must be a string'],
    [app('      no_cache: [true]\n'), 'services.app.build.no_cache must be a boolean or string'],
    [app('      shm_size: 1.5\n'), 'services.app.build.shm_size must be a integer or string'],
    [app('      extra_hosts: {h: 5}\n'), 'services.app.build.extra_hosts.h must be a string'],
    [app('      ulimits: {nofile: {soft: 1}}\n'), 'services.app.build.ulimits.nofile must be a integer or string'],
    [app('      ulimits: {nofile: {soft: 1, hard: 2, max: 3}}\n'), "c.yaml:4,44-47: Invalid compose file; services.app.build.ulimits.nofile additional properties 'max' not allowed"],
    [app('      secrets: [{source: s, mode: [1]}]\n'), 'services.app.build.secrets.0.mode must be a number or string'],
    // A repeated list item fails uniqueness, but the mapping branch's type error is reported first.
    ['secrets:\n  s: {file: x, labels: [a=1, a=1]}\n', 'secrets.s.labels must be a mapping'],
    [app('      tags: [a, b]\n      cache_from: x\n'), 'services.app.build.cache_from must be a array'],
    [app('      bogus: 1\n      other: 2\n'), "c.yaml:4,7-12: Invalid compose file; services.app.build additional properties 'bogus', 'other' not allowed"],
    ['services:\n  app:\n    image: ~\n', 'c.yaml:3,12-13: Invalid compose file; services.app.image must be a string'],
    ['services:\n  app:\n    image: a\n    environment: {A: [1]}\n', 'services.app.environment.A must be a boolean, null, number or string'],
    ['services:\n  app:\n    image: a\n    env_file: [{required: false}]\n', 'services.app.env_file.0 must be a string'],
    ['services:\n  app:\n    image: a\n    env_file: [{path: a, bogus: 1}]\n', "services.app.env_file.0 additional properties 'bogus' not allowed"],
    ['secrets:\n  s: {file: ./s, bogus: 1}\n', "c.yaml:2,18-23: Invalid compose file; secrets.s additional properties 'bogus' not allowed"],
    ['secrets:\n  s: 5\n', 'secrets.s must be a mapping'],
    ['secrets:\n  "a b": {file: x}\n', "secrets additional properties 'a b' not allowed"],
    ['secrets:\nservices:\n  app:\n    build: .\n', 'secrets must be a mapping'],
    ['secrets:\n  s: {file: x, driver_opts: {o: [1]}}\n', 'secrets.s.driver_opts.o must be a number or string'],
  ])('refuses %j', (src, want) => {
    expect(err(src)).toContain(want);
  });

  it('accepts what buildx does not read, x- keys anywhere, nulls where the schema allows them', () => {
    const src = `
version: "3.9"
name: demo
x-top: {any: [thing]}
networks: {front: {}}
volumes: {data: }
configs: {c: {file: ./c}}
secrets:
  s: {file: ./s, x-note: [1], labels: {a: ~}, external: false}
services:
  app:
    buidl: typo-not-read-by-buildx
    ports: ["8080:80", 9000, {target: 80}]
    deploy: {replicas: 2, resources: {limits: {cpus: "0.5"}}}
    command: [run, it]
    healthcheck: {test: [CMD, "true"], interval: 10s}
    x-svc: 1
    environment: {A: ~, B: 1, C: true}
    build:
      context: .
      args: {A: ~, N: 2, B: false}
      labels: [a=1]
      x-anything: [1, {a: 2}]
      ssh: [default, default]
  other: just-a-string-buildx-drops
`;
    const r = load(src);
    // A service that is neither a mapping nor null is dropped, as buildx drops it.
    expect(r.groups).toEqual([{ name: 'default', targets: ['app'] }]);
    expect(JSON.parse(JSON.stringify(r.targets[0]!.attrs))).toMatchObject({ args: { N: '2', B: 'false' }, labels: { a: '1' }, ssh: ['default'] });
  });

  it('checks a null service as an empty one', () => {
    expect(err('services:\n  app:\n')).toContain('c.yaml:2,7-7: Invalid compose file; services.app has neither an image nor a build context specified');
  });
});
