import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCompose } from '../../../src/config/compose/index.js';
import { writeTree } from '../../helpers/files.js';

const attrs = (data: string, env: Record<string, string> = {}) => {
  const { targets } = parseCompose([{ name: 'compose.yaml', data }], env);
  return Object.fromEntries(targets.map((t) => [t.name, JSON.parse(JSON.stringify(t.attrs)) as Record<string, unknown>]));
};

const project = (files: Record<string, string>): string => writeTree(files, 'compose-ext-');

describe('compose extends', () => {
  it('starts a service from another one of the same file, its own keys merged over', () => {
    const a = attrs(
      'services:\n  base:\n    image: base:1\n    build:\n      context: ./b\n      args: {X: "1"}\n  app:\n    extends: base\n    build:\n      args: {Y: "2"}\n  deep:\n    extends: {service: app}\n    image: deep:1\n',
    );
    expect(a['app']).toEqual({ context: 'b', args: { X: '1', Y: '2' }, tags: ['base:1'], network: '' });
    expect(a['deep']).toMatchObject({ context: 'b', args: { X: '1', Y: '2' }, tags: ['deep:1'] });
  });

  it('reads a service of another file, its paths relative to that file', () => {
    const dir = project({ 'sub/common.yml': 'services:\n  web:\n    image: web:${TAG:-none}\n    build:\n      context: ./w\n      additional_contexts: {x: ../ctx, y: "docker-image://alpine"}\n' });
    const a = attrs(`services:\n  app:\n    extends:\n      file: ${dir}/sub/common.yml\n      service: web\n    build:\n      target: t\n`, { TAG: '2' });
    expect(a['app']).toEqual({ context: `${dir}/sub/w`, contexts: { x: `${dir}/ctx`, y: 'docker-image://alpine' }, target: 't', tags: ['web:2'], network: '' });
  });

  it('reports a missing base and a cycle', () => {
    expect(() => attrs('services:\n  app:\n    extends: nope\n    build: .\n')).toThrow('cannot extend service "app" in compose.yaml: service "nope" not found');
    expect(() => attrs('services:\n  a:\n    extends: b\n    build: .\n  b:\n    extends: a\n')).toThrow('circular reference');
  });
});

describe('compose include', () => {
  it('adds the services of included files, paths and .env relative to their directory', () => {
    const dir = project({
      'lib/compose.yaml': 'services:\n  lib:\n    build:\n      context: .\n      args: {V: "${V}"}\n',
      'lib/.env': 'V=from-lib-env\n',
      'other/x.yml': 'services:\n  other:\n    build: ./o\n',
    });
    const a = attrs(`include:\n  - ${dir}/lib/compose.yaml\n  - path: [${dir}/other/x.yml]\nservices:\n  app:\n    build: .\n`);
    expect(Object.keys(a).sort()).toEqual(['app', 'lib', 'other']);
    expect(a['lib']).toMatchObject({ context: `${dir}/lib`, args: { V: 'from-lib-env' } });
    expect(a['other']).toMatchObject({ context: `${dir}/other/o` });
    // The environment wins over the included project's .env.
    expect(attrs(`include: [${dir}/lib/compose.yaml]\n`, { V: 'env' })['lib']).toMatchObject({ args: { V: 'env' } });
  });

  it('reads nested includes and extends files relative to the including project directory', () => {
    const dir = project({
      'lib/compose.yaml': 'include: [deep/inner.yml]\nservices:\n  lib:\n    extends: {file: base.yml, service: base}\n',
      'lib/base.yml': 'services:\n  base:\n    build: ./b\n',
      'lib/deep/inner.yml': 'services:\n  inner:\n    build: ./i\n',
    });
    const a = attrs(`include: [${dir}/lib/compose.yaml]\n`);
    expect(a['lib']).toMatchObject({ context: `${dir}/lib/b` });
    expect(a['inner']).toMatchObject({ context: `${dir}/lib/deep/i` });
  });

  it('refuses an include cycle', () => {
    const dir = project({ 'a.yml': 'include: [b.yml]\n', 'b.yml': 'services:\n  x:\n    build: .\n' });
    writeFileSync(join(dir, 'b.yml'), `include: [${dir}/a.yml]\nservices:\n  x:\n    build: .\n`);
    expect(() => parseCompose([{ name: `${dir}/a.yml`, data: `include: [${dir}/b.yml]\n` }], {})).toThrow(`include cycle detected: ${dir}/a.yml include ${dir}/b.yml include ${dir}/a.yml`);
  });

  it('refuses a service defined differently on both sides', () => {
    const dir = project({ 'inc.yml': 'services:\n  app:\n    build: ./x\n' });
    expect(() => attrs(`include: [${dir}/inc.yml]\nservices:\n  app:\n    build: .\n`)).toThrow('services.app conflicts with imported resource');
  });
});
