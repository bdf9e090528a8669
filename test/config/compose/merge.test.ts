import { describe, expect, it } from 'vitest';
import { parseCompose } from '../../../src/config/compose/index.js';

const merged = (...data: string[]) => {
  const { targets } = parseCompose(
    data.map((d, i) => ({ name: `f${i}.yaml`, data: d })),
    {},
  );
  return Object.fromEntries(targets.map((t) => [t.name, JSON.parse(JSON.stringify(t.attrs)) as Record<string, unknown>]));
};

describe('compose multi-file merge (compose-go override rules)', () => {
  it('merges a string build with a mapping build: the string is the context', () => {
    const a = merged('services:\n  app:\n    build: ./ctx\n', 'services:\n  app:\n    build:\n      dockerfile: Other\n');
    expect(a['app']).toMatchObject({ context: 'ctx', dockerfile: 'Other' });
    const b = merged('services:\n  app:\n    build:\n      context: a\n      target: t\n', 'services:\n  app:\n    build: b\n');
    expect(b['app']).toMatchObject({ context: 'b', target: 't' });
  });

  it('merges args, labels and contexts given as a list and a mapping, the later value winning', () => {
    const a = merged(
      'services:\n  app:\n    build:\n      context: .\n      args: [A=1, B=1]\n      labels: {l1: a}\n      additional_contexts: [x=./one]\n',
      'services:\n  app:\n    build:\n      args: {B: "2", C: "3"}\n      labels: [l2=b, l1=c]\n      additional_contexts: {x: ./two, y: ./y}\n',
    );
    expect(a['app']).toMatchObject({ args: { A: '1', B: '2', C: '3' }, labels: { l1: 'c', l2: 'b' }, contexts: { x: 'two', y: 'y' } });
  });

  it('appends lists (tags unique, others kept), keeps the earlier value under a null', () => {
    const a = merged(
      'services:\n  app:\n    build:\n      context: .\n      target: t\n      tags: [a, b]\n      platforms: [linux/amd64]\n',
      'services:\n  app:\n    build:\n      target:\n      tags: [b, c]\n      platforms: [linux/amd64, linux/arm64]\n',
    );
    expect(a['app']).toMatchObject({ target: 't', tags: ['a', 'b', 'c'], platforms: ['linux/amd64', 'linux/amd64', 'linux/arm64'] });
  });

  it('replaces x-* extensions whole', () => {
    const a = merged(
      'services:\n  app:\n    build:\n      context: .\n      x-bake:\n        platforms: [linux/amd64]\n        no-cache: true\n',
      'services:\n  app:\n    build:\n      x-bake:\n        tags: [x]\n',
    );
    expect(a['app']).toEqual({ context: '.', tags: ['x'], network: '' });
  });

  it('loads every document of a multi-document file in order', () => {
    const a = merged('services:\n  a:\n    build: one\n---\nservices:\n  a:\n    build:\n      target: t\n  b:\n    build: two\n');
    expect(a).toMatchObject({ a: { context: 'one', target: 't' }, b: { context: 'two' } });
  });

  it('refuses to merge a list over a mapping', () => {
    expect(() => merged('services:\n  app:\n    build:\n      context: .\n      tags: [a]\n', 'services:\n  app:\n    build:\n      tags: {a: b}\n')).toThrow(
      'f1.yaml:4,13-19: Invalid compose file; services.app.build.tags cannot be overridden by a value that is not a list',
    );
  });
});
