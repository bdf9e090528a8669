// buildx decodes x-bake with go-yaml into typed fields: string lists (or one string of
// whitespace-separated items), optional booleans and a string map.
import { describe, expect, it } from 'vitest';
import { parseCompose } from '../../../src/config/compose/index.js';

const load = (xbake: string, env: Record<string, string> = {}) => parseCompose([{ name: 'c.yaml', data: `services:\n  app:\n    build:\n      x-bake:${xbake}` }], env);
const attrs = (xbake: string, env: Record<string, string> = {}) => JSON.parse(JSON.stringify(load(xbake, env).targets[0]!.attrs)) as Record<string, unknown>;

describe('x-bake decoding', () => {
  it.each([
    ['\n        no-cache: "true"\n', 'c.yaml:5,19-25: Invalid compose file; services.app.build.x-bake.no-cache cannot unmarshal !!str `true` into bool'],
    ['\n        pull: ${PULL}\n', 'services.app.build.x-bake.pull cannot unmarshal !!str `true` into bool'],
    ['\n        pull: 1\n', 'services.app.build.x-bake.pull cannot unmarshal !!int `1` into bool'],
    ['\n        tags: {a: b}\n', 'services.app.build.x-bake.tags cannot unmarshal !!map into string'],
    ['\n        platforms: [[linux/amd64]]\n', 'services.app.build.x-bake.platforms cannot unmarshal !!seq into string'],
    ['\n        contexts: {a: [b]}\n', 'services.app.build.x-bake.contexts.a cannot unmarshal !!seq into string'],
    ['\n        contexts: abc\n', 'services.app.build.x-bake.contexts cannot unmarshal !!str `abc` into bake.stringMap'],
    [' abc\n', 'services.app.build.x-bake cannot unmarshal !!str `abc` into bake.xbake'],
    [' abcdefghijklmnop\n', 'cannot unmarshal !!str `abcdefg...` into bake.xbake'],
    [' [a]\n', 'services.app.build.x-bake cannot unmarshal !!seq into bake.xbake'],
  ])('refuses %j', (xbake, want) => {
    expect(() => load(xbake, { PULL: 'true' })).toThrow(want);
  });

  it('takes scalars as strings, nulls as nothing, and ignores unknown keys', () => {
    expect(attrs('\n        tags: 5\n        platforms: ~\n        no-cache: ~\n        pull: false\n        contexts: {a: 1}\n        unknown: [1, {x: y}]\n')).toEqual({
      tags: ['5'],
      pull: false,
      contexts: { a: '1' },
      network: '',
    });
    expect(attrs(' ~\n')).toEqual({ network: '' });
  });
});
