// compose-go casts interpolated strings to the model's numbers and booleans over the whole file,
// so a value bake never reads still fails when it does not convert.
import { describe, expect, it } from 'vitest';
import { parseCompose } from '../../../src/config/compose/index.js';

const load = (data: string, env: Record<string, string> = {}) => parseCompose([{ name: 'c.yaml', data }], env);
const web = (more: string) => `services:\n  web:\n    image: nginx\n${more}`;

describe('interpolation casts', () => {
  it.each([
    [web('    deploy: {replicas: "x"}\n'), 'c.yaml:4,24-27: Invalid interpolation; error while interpolating services.web.deploy.replicas: failed to cast to expected type: strconv.Atoi: parsing "x": invalid syntax'],
    [web('    cpus: ${CPUS:-}\n'), 'error while interpolating services.web.cpus: failed to cast to expected type: strconv.ParseFloat: parsing "": invalid syntax'],
    [web('    privileged: ${P}\n'), 'error while interpolating services.web.privileged: failed to cast to expected type: invalid boolean: maybe'],
    [web('    pids_limit: "99999999999999999999"\n'), 'strconv.ParseInt: parsing "99999999999999999999": value out of range'],
    [web('    ports: [{target: "80x"}]\n'), 'services.web.ports.[].target: failed to cast to expected type: strconv.Atoi: parsing "80x": invalid syntax'],
    [web('    ulimits: {nofile: {soft: "1k", hard: 2}}\n'), 'services.web.ulimits.nofile.soft: failed to cast'],
    ['networks:\n  n: {external: "sure"}\nservices:\n  web: {image: a}\n', 'error while interpolating networks.n.external: failed to cast to expected type: invalid boolean: sure'],
  ])('refuses %j', (src, want) => {
    expect(() => load(src, { P: 'maybe' })).toThrow(want);
  });

  it('accepts strings that convert, interpolated or quoted, and leaves other paths alone', () => {
    const src = web(
      '    deploy: {replicas: "${N}", restart_policy: {max_attempts: "3"}}\n    privileged: ${P}\n    read_only: "YES"\n    cpus: "0.5"\n    ulimits: {nproc: "${N}"}\n    ports: [{target: "80", published: "8080"}]\n    environment: {REPLICAS: "x"}\n',
    );
    expect(load(src, { N: '2', P: 'off' }).groups).toEqual([{ name: 'default', targets: [], targetsNil: true }]);
    // secrets.*.external "true" is a boolean once cast: an external secret needs no file.
    expect(load('secrets:\n  s: {external: "true"}\n').groups).toEqual([]);
  });
});
