import { describe, expect, it } from 'vitest';
import { attrsOf, bake, bakeError } from './helpers.js';

describe('HCL-JSON files', () => {
  it('evaluates variables, functions, targets and groups written as JSON', () => {
    const json = JSON.stringify({
      variable: { TAGS: { type: 'list(string)', default: ['a'] }, REG: { default: 'r.io' } },
      function: { img: { params: ['n'], variadic_params: 'rest', result: '${REG}/${n}:${length(rest)}' } },
      group: { default: { targets: ['app'] } },
      target: { app: { tags: '${[for t in TAGS : img(t, 1, 2)]}', args: { N: 1 } } },
    });
    const config = bake({ 'docker-bake.json': json }, { env: { TAGS: 'x,y' } });
    expect(attrsOf(config, 'app')).toEqual({ tags: ['r.io/x:2', 'r.io/y:2'], args: { N: 1 } });
    expect(config.groups).toEqual([expect.objectContaining({ name: 'default', targets: ['app'] })]);
    expect(config.variables[0]).toMatchObject({ name: 'TAGS', type: 'list(string)', value: ['x', 'y'] });
  });

  it('shares variables between JSON and HCL files', () => {
    const config = bake({
      'a.json': JSON.stringify({ variable: { V: { default: 'from-json' } } }),
      'b.hcl': 'target "app" {\n  target = V\n}\n',
    });
    expect(attrsOf(config, 'app')).toEqual({ target: 'from-json' });
  });

  it('reports errors with positions in the JSON file', () => {
    const msg = bakeError({ 'docker-bake.json': '{\n  "target": {\n    "app": {\n      "tags": ["${NOPE}"]\n    }\n  }\n}\n' });
    expect(msg).toMatch(/^docker-bake\.json:4,\d+-\d+: Unknown variable; There is no variable named "NOPE"\./);
  });
});
