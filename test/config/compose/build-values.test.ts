import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { cleanContext, formatBytes } from '../../../src/config/compose/build-values.js';
import { parseCompose } from '../../../src/config/compose/index.js';

describe('compose value formats', () => {
  it.each([
    [0, '0'],
    [1000, '1000B'],
    [1024, '1KiB'],
    [12345, '12.06KiB'],
    [268435456, '256MiB'],
    [1.5 * 1024 ** 3, '1.5GiB'],
  ])('formats %d bytes as %s', (n, want) => {
    expect(formatBytes(n)).toBe(want);
  });

  it.each([
    ['.', '.'],
    ['./web', 'web'],
    ['web/', 'web'],
    ['a/./b/../c', 'a/c'],
    ['../up', '../up'],
    ['https://github.com/a/b.git#main', 'https://github.com/a/b.git#main'],
    ['git@github.com:a/b.git', 'git@github.com:a/b.git'],
    ['~/proj', `${homedir()}/proj`],
  ])('cleans context %s', (ctx, want) => {
    expect(cleanContext(ctx)).toBe(want);
  });
});

const conformance = '/work/shared/conformance/bake/140-compose-x-bake/compose.yaml';

describe.skipIf(!existsSync(conformance))('conformance 140-compose-x-bake', () => {
  it('produces the fields buildx prints, before entry parsing', () => {
    const { targets, groups } = parseCompose([{ name: 'compose.yaml', data: readFileSync(conformance, 'utf8') }], {});
    expect(groups).toEqual([{ name: 'default', targets: ['app'] }]);
    expect(JSON.parse(JSON.stringify(targets[0]!.attrs))).toEqual({
      context: '.',
      contexts: { tools: 'docker-image://busybox' },
      tags: ['acme/app:compose', 'acme/app:xbake'],
      'cache-from': ['type=registry,ref=acme/app:cache', 'type=gha'],
      'cache-to': ['type=gha,mode=max'],
      secret: ['id=npmrc,src=./npmrc'],
      ssh: ['default'],
      platforms: ['linux/amd64', 'linux/arm64'],
      output: ['type=registry'],
      network: '',
      'no-cache-filter': ['deps'],
    });
  });
});
