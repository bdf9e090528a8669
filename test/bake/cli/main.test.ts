// The real CLI in a child process (bin/bake.js runs the compiled dist/).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBake } from '../../helpers/cli.js';

function project(files: Record<string, string>): string {
  const d = mkdtempSync(join(tmpdir(), 'bake-cli-'));
  for (const [name, data] of Object.entries(files)) writeFileSync(join(d, name), data);
  return d;
}

const HCL = 'variable "TAG" {\n  default = "1"\n  description = "the tag"\n}\ntarget "app" {\n  description = "App"\n  tags = ["app:${TAG}"]\n  args = { X = "${TAG}" }\n}\n';

describe('bake CLI', () => {
  it('prints the resolved definition with --var and --set applied', async () => {
    const r = await runBake(['--print', '--var', 'TAG=2', '--set', 'app.platform=linux/arm64', 'app'], { cwd: project({ 'docker-bake.hcl': HCL }) });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      group: { default: { targets: ['app'] } },
      target: { app: { description: 'App', context: '.', dockerfile: 'Dockerfile', args: { X: '2' }, tags: ['app:2'], platforms: ['linux/arm64'], pull: false, 'no-cache': false } },
    });
  });

  it('adds SOURCE_DATE_EPOCH as an arg and applies --no-cache, but not --load, when printing (as the reference --print generator)', async () => {
    const cwd = project({ 'x.hcl': 'target "a" {\n}\n' });
    const r = await runBake(['-f', 'x.hcl', '--print', 'a', '--no-cache', '--load'], { cwd, env: { SOURCE_DATE_EPOCH: '42' } });
    expect(JSON.parse(r.stdout).target.a).toEqual({ context: '.', dockerfile: 'Dockerfile', args: { SOURCE_DATE_EPOCH: '42' }, pull: false, 'no-cache': true });
  });

  it('prints pull and no-cache from the flags only, over the file and --set (the reference --print generator appends *.no-cache/*.pull last)', async () => {
    const cwd = project({ 'docker-bake.hcl': 'target "a" {\n  pull = true\n  no-cache = true\n}\ntarget "b" {\n}\n' });
    const plain = await runBake(['--print', 'a', 'b', '--set', 'b.pull=true'], { cwd });
    expect(JSON.parse(plain.stdout).target).toEqual({
      a: { context: '.', dockerfile: 'Dockerfile', pull: false, 'no-cache': false },
      b: { context: '.', dockerfile: 'Dockerfile', pull: false, 'no-cache': false },
    });
    const flagged = await runBake(['--print', 'a', '--pull', '--no-cache=true'], { cwd });
    expect(JSON.parse(flagged.stdout).target.a).toEqual({ context: '.', dockerfile: 'Dockerfile', pull: true, 'no-cache': true });
  });

  it('lists a Compose file whose services only run images as buildx does; printing it fails, as the reference --print generator\'s *.pull override matches no target', async () => {
    const cwd = project({ 'compose.yaml': 'services:\n  db:\n    image: postgres\n  cache:\n    image: redis\n' });
    const printed = await runBake(['--print'], { cwd });
    expect(printed.code).toBe(1);
    expect(printed.stderr).toBe("ERROR: could not find any target matching '*'\n");
    expect((await runBake(['--list', 'targets'], { cwd })).stdout).toBe('TARGET\tDESCRIPTION\ndefault\t\n');
    const named = await runBake(['--print', 'db'], { cwd });
    expect(named.code).toBe(1);
    expect(named.stderr).toContain("could not find any target matching '*'");
  });

  it('reads project_id from HCL and JSON targets and prints it, as the reference --print generator (depot); --set does not know it', async () => {
    const cwd = project({
      'docker-bake.hcl': 'variable "P" {\n  default = "p1"\n}\ntarget "base" {\n  project_id = P\n}\ntarget "app" {\n  inherits = ["base"]\n  args = { FROM = target.base.project_id }\n}\n',
      'd.json': '{"target": {"j": {"project_id": "pj"}}}',
    });
    const r = await runBake(['--print', 'app'], { cwd });
    expect(JSON.parse(r.stdout).target.app).toEqual({ context: '.', dockerfile: 'Dockerfile', args: { FROM: 'p1' }, pull: false, 'no-cache': false, project_id: 'p1' });
    expect(JSON.parse((await runBake(['-f', 'd.json', '--print', 'j'], { cwd })).stdout).target.j.project_id).toBe('pj');
    const set = await runBake(['--print', 'app', '--set', 'app.project_id=x'], { cwd });
    expect(set.code).toBe(1);
    expect(set.stderr).toBe('ERROR: unknown key: project_id\n');
  });

  it('lists targets and variables', async () => {
    const cwd = project({ 'docker-bake.hcl': HCL });
    expect((await runBake(['--list', 'targets'], { cwd })).stdout).toBe('TARGET\tDESCRIPTION\napp\tApp\n');
    const vars = await runBake(['--list=type=variables,format=json'], { cwd });
    expect(JSON.parse(vars.stdout)).toEqual([{ name: 'TAG', value: '1', description: 'the tag' }]);
  });

  it('reports errors on one line with exit 1, positions included', async () => {
    const cwd = project({ 'docker-bake.hcl': 'target "app" {\n  tags = [NOPE]\n}\n' });
    const r = await runBake(['--print', 'app'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^ERROR: docker-bake\.hcl:2,\d+-\d+: Unknown variable; There is no variable named "NOPE"\./);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    const missing = await runBake(['--print', 'nope'], { cwd: project({ 'docker-bake.hcl': HCL }) });
    expect(missing.stderr).toBe('ERROR: failed to find target nope\n');
  });

  it('prints a stack only with --debug', async () => {
    const cwd = project({});
    expect((await runBake(['--print'], { cwd })).stderr).toBe("ERROR: couldn't find a bake definition\n");
    expect((await runBake(['--print', '--debug'], { cwd })).stderr).toMatch(/\n\s+at /);
  });

  it('shows help and version', async () => {
    const cwd = project({});
    expect((await runBake(['--help'], { cwd })).stdout).toContain('Usage:  bake [OPTIONS] [TARGET...]');
    expect((await runBake(['--version'], { cwd })).stdout).toMatch(/^bake \d+\.\d+\.\d+\n$/);
  });

  it('dumps a Dockerfile through the debug subcommand', async () => {
    const cwd = project({ Dockerfile: 'FROM busybox\nRUN echo hi\n' });
    const r = await runBake(['debug', 'dockerfile-dump', 'Dockerfile'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('busybox');
  });
});
