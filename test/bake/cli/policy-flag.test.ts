// --policy, -j/--jobs and --execution through the real CLI (bin/bake.js runs the compiled dist/).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePolicyFlags } from '../../../src/bake/cli/policy-flag.js';
import { runBake } from '../../helpers/cli.js';

function project(hcl: string): string {
  const d = mkdtempSync(join(tmpdir(), 'bake-policy-'));
  writeFileSync(join(d, 'docker-bake.hcl'), hcl);
  return d;
}

const TWO = 'target "a" {\n  policy = [{ filename = "a.rego" }]\n}\ntarget "b" {\n}\ngroup "default" {\n  targets = ["a", "b"]\n}\n';

describe('--policy', () => {
  it('appends each value to every target as a policy entry', async () => {
    const r = await runBake(['--print', '--policy', 'strict=true', '--policy', 'log-level=debug'], { cwd: project(TWO) });
    expect(r.code).toBe(0);
    const t = JSON.parse(r.stdout).target;
    expect(t.a.policy).toEqual([{ filename: 'a.rego' }, { strict: 'true' }, { 'log-level': 'debug' }]);
    expect(t.b.policy).toEqual([{ strict: 'true' }, { 'log-level': 'debug' }]);
  });

  it('disabled=true replaces the policies of every target', async () => {
    const r = await runBake(['--print', '--policy', 'disabled=true'], { cwd: project(TWO) });
    const t = JSON.parse(r.stdout).target;
    expect(t.a.policy).toEqual([{ disabled: 'true' }]);
    expect(t.b.policy).toEqual([{ disabled: 'true' }]);
  });

  it('rejects what only a bake file may say, and bad values', () => {
    expect(() => parsePolicyFlags(['filename=p.rego'])).toThrow('--policy does not accept filename; define policy files in the bake definition');
    expect(() => parsePolicyFlags(['reset=true'])).toThrow('--policy does not accept reset');
    expect(parsePolicyFlags(['reset=false']).sets).toEqual(['*.policy+=reset=false']);
    expect(() => parsePolicyFlags(['disabled=true', 'strict=false'])).toThrow('disabled policy cannot be combined with other policy flags');
    expect(() => parsePolicyFlags(['disabled=true,log-level=info'])).toThrow('disabled policy cannot be combined');
    expect(() => parsePolicyFlags(['strict=maybe'])).toThrow('invalid value strict=maybe');
    expect(() => parsePolicyFlags(['log-level=loud'])).toThrow('invalid value log-level=loud');
    expect(() => parsePolicyFlags(['color=red'])).toThrow('invalid value color=red');
    expect(() => parsePolicyFlags(['strict'])).toThrow('invalid value strict');
  });
});

describe('a build with policies', () => {
  it('warns that they are not evaluated, except for disabled ones', async () => {
    const cwd = project(TWO);
    writeFileSync(join(cwd, 'Dockerfile'), 'FROM scratch\n');
    const env = { BAKE_STATE_DIR: mkdtempSync(join(tmpdir(), 'bake-policy-state-')) };
    const r = await runBake(['--progress', 'quiet', 'a'], { cwd, env });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('WARNING: target "a": build policies are not evaluated by bake');
    const off = await runBake(['--progress', 'quiet', '--policy', 'disabled=true', 'a'], { cwd, env });
    expect(off.code).toBe(0);
    expect(off.stderr).not.toContain('policies are not evaluated');
  });
});

describe('-j/--jobs and --execution', () => {
  it('accepts them with --print, which ignores the execution mode as buildx does', async () => {
    const r = await runBake(['--print', '-j', '2', '--execution', 'anything', 'b'], { cwd: project(TWO) });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).target.b).toEqual({ context: '.', dockerfile: 'Dockerfile', pull: false, 'no-cache': false });
  });

  it('rejects a negative or non-numeric job count', async () => {
    const neg = await runBake(['--print', '--jobs=-1'], { cwd: project(TWO) });
    expect(neg.code).toBe(1);
    expect(neg.stderr).toBe('ERROR: jobs must be non-negative\n');
    const nan = await runBake(['--print', '-j', 'x'], { cwd: project(TWO) });
    expect(nan.stderr).toContain('invalid argument "x" for "-j, --jobs" flag');
  });

  it('refuses an unknown execution mode, and the deferred ones, before building', async () => {
    const bad = await runBake(['--execution', 'later', 'b'], { cwd: project(TWO) });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe('ERROR: invalid execution mode "later"\n');
    const deferred = await runBake(['--execution', 'defer-error', 'b'], { cwd: project(TWO) });
    expect(deferred.stderr).toContain('--execution=defer-error is not supported');
  });
});
