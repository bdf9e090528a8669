import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ExecMount, ExecOp } from '../../../src/engine/graph/op.js';
import { ExecError, ExecOpRunner } from '../../../src/engine/ops/exec.js';
import { busyboxRoot } from '../executor/busybox-root.js';
import { CopyLayerStore, testContext, vertexOf } from './fake-layers.js';

const canRun = process.getuid?.() === 0 && existsSync('/bin/busybox') && existsSync('/usr/sbin/runc');

const rootMount: ExecMount = { type: 'bind', input: 0, dest: '/', readonly: false, output: 0 };

function execOp(script: string, extra: Partial<ExecOp> = {}): ExecOp {
  return { args: ['/bin/sh', '-c', script], env: ['FOO=bar'], cwd: '/', user: '', network: 'sandbox', security: 'sandbox', mounts: [rootMount], ...extra };
}

async function setup(): Promise<{ layers: CopyLayerStore; base: { layers: string[] } }> {
  const layers = new CopyLayerStore();
  return { layers, base: await layers.fromDir('base', busyboxRoot()) };
}

describe.skipIf(!canRun)('ExecOpRunner', () => {
  const runner = new ExecOpRunner();

  it('commits what the command writes, with env, cwd and a user by name', async () => {
    const { layers, base } = await setup();
    const ctx = testContext(layers);
    const op = execOp('echo $FOO > /tmp/env; pwd > /tmp/pwd; busybox touch /tmp/byapp', { user: 'app', cwd: '/home/app' });
    const [out] = await runner.run(vertexOf({ kind: 'exec', exec: op }, 1), [base], ctx);
    const dir = layers.diffDir(out!.layers.at(-1)!);
    expect(out!.layers).toEqual(['base', 'out']);
    expect(readFileSync(join(dir, 'tmp/env'), 'utf8')).toBe('bar\n');
    expect(readFileSync(join(dir, 'tmp/pwd'), 'utf8')).toBe('/home/app\n');
    expect(statSync(join(dir, 'tmp/byapp')).uid).toBe(1000);
    expect(existsSync(join(dir, 'etc/hosts'))).toBe(false);
  });

  it('throws ExecError with the exit code and last output lines, and discards the layer', async () => {
    const { layers, base } = await setup();
    const ctx = testContext(layers);
    const op = execOp('for i in $(busybox seq 1 30); do echo line$i; done; exit 7');
    const err = await runner.run(vertexOf({ kind: 'exec', exec: op }, 1), [base], ctx).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExecError);
    const e = err as ExecError;
    expect(e.exitCode).toBe(7);
    expect(e.message).toBe('process "/bin/sh -c for i in $(busybox seq 1 30); do echo line$i; done; exit 7" did not complete successfully: exit code: 7');
    expect(e.lastLines).toHaveLength(20);
    expect(e.lastLines.at(-1)).toBe('line30');
    expect(ctx.output.join('')).toContain('line1\n');
    expect(layers.has('out')).toBe(false);
  });

  it('sets HOME from the user when the env has none, as runc: passwd entry, else /', async () => {
    const { layers, base } = await setup();
    const envOf = async (extra: Partial<ExecOp>, id: string): Promise<string[]> => {
      const op = execOp('busybox env > /tmp/env', extra);
      const [out] = await runner.run(vertexOf({ kind: 'exec', exec: op }, 1), [base], testContext(layers, {}, id));
      return readFileSync(join(layers.diffDir(out!.layers.at(-1)!), 'tmp/env'), 'utf8').split('\n').filter((e) => e.startsWith('HOME='));
    };
    expect(await envOf({ user: 'app' }, 'by-name')).toEqual(['HOME=/home/app']);
    expect(await envOf({ user: '555' }, 'unknown')).toEqual(['HOME=/']);
    expect(await envOf({}, 'root')).toEqual(['HOME=/root']);
    expect(await envOf({ env: ['HOME=/mine'] }, 'given')).toEqual(['HOME=/mine']);
    expect(await envOf({ env: ['HOME='] }, 'empty')).toEqual(['HOME=/root']);
  });

  it('creates the working directory along the path as written, as runc does', async () => {
    const { layers, base } = await setup();
    const op = execOp('pwd > /tmp/pwd', { cwd: '/a/../b/./c/' });
    const [out] = await runner.run(vertexOf({ kind: 'exec', exec: op }, 1), [base], testContext(layers));
    const dir = layers.diffDir(out!.layers.at(-1)!);
    expect(readFileSync(join(dir, 'tmp/pwd'), 'utf8')).toBe('/b/c\n');
    expect([statSync(join(dir, 'a')).isDirectory(), statSync(join(dir, 'b/c')).isDirectory()]).toEqual([true, true]);
  });

  it('fails on an unknown user', async () => {
    const { layers, base } = await setup();
    await expect(runner.run(vertexOf({ kind: 'exec', exec: execOp('true', { user: 'ghost' }) }, 1), [base], testContext(layers))).rejects.toThrow('unable to find user ghost');
  });

  it('kills the command on abort', async () => {
    const { layers, base } = await setup();
    const ctx = testContext(layers);
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 1000);
    const started = Date.now();
    await expect(runner.run(vertexOf({ kind: 'exec', exec: execOp('busybox sleep 30') }, 1), [base], { ...ctx, signal: ac.signal })).rejects.toThrow(/cancelled/);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(layers.has('out')).toBe(false);
  });

  it('mounts a bind with a selector read-only, tmpfs, a persistent cache and secrets', async () => {
    const { layers, base } = await setup();
    const dataDir = busyboxRoot();
    mkdirSync(join(dataDir, 'sub'));
    writeFileSync(join(dataDir, 'sub/file'), 'from-bind');
    const data = await layers.fromDir('data', dataDir);
    const secret = new TextEncoder().encode('s3cr3t');
    const ctx = testContext(layers, { secret: (id) => Promise.resolve(id === 'tok' ? secret : undefined) });
    const mounts: ExecMount[] = [
      rootMount,
      { type: 'bind', input: 1, selector: '/sub', dest: '/src', readonly: true, output: -1 },
      { type: 'tmpfs', input: 'scratch', dest: '/scratch', readonly: false, output: -1, tmpfs: {} },
      { type: 'cache', input: 'scratch', dest: '/cache', readonly: false, output: -1, cache: { id: 'c1', sharing: 'locked' } },
      { type: 'secret', input: 'scratch', dest: '/run/secrets/tok', readonly: true, output: -1, secret: { id: 'tok', uid: 0, gid: 0, mode: 0o400, optional: false } },
      { type: 'secret', input: 'scratch', dest: '/run/secrets/tok', readonly: true, output: -1, secret: { id: 'tok', uid: 0, gid: 0, mode: 0o400, optional: false, env: 'TOKEN' } },
    ];
    const script = 'busybox cat /src/file > /got-bind; echo x > /src/w || echo ro > /got-ro; echo t > /scratch/t; busybox cat /cache/n >> /got-cache; echo run >> /cache/n; busybox cat /run/secrets/tok | busybox wc -c > /got-secret; [ "$TOKEN" = s3cr3t ] && echo yes > /got-env';
    const op = execOp(script, { mounts });
    const [first] = await runner.run(vertexOf({ kind: 'exec', exec: op }, 2), [base, data], ctx);
    const [second] = await runner.run(vertexOf({ kind: 'exec', exec: op }, 2), [base, data], { ...ctx, newLayerId: 'out2' });
    const dir = layers.diffDir(first!.layers.at(-1)!);
    expect(readFileSync(join(dir, 'got-bind'), 'utf8')).toBe('from-bind');
    expect(readFileSync(join(dir, 'got-ro'), 'utf8')).toBe('ro\n');
    expect(readFileSync(join(dir, 'got-secret'), 'utf8').trim()).toBe('6');
    expect(readFileSync(join(dir, 'got-env'), 'utf8')).toBe('yes\n');
    expect(readFileSync(join(layers.diffDir(second!.layers.at(-1)!), 'got-cache'), 'utf8')).toBe('run\n');
    for (const d of ['scratch', 'cache', 'src', 'run']) expect(existsSync(join(dir, d))).toBe(false);
    expect(readdirSync('/dev/shm').filter((n) => n.startsWith('bake-secret-'))).toEqual([]);
  });

  it('seeds a new cache mount from its from= snapshot', async () => {
    const { layers, base } = await setup();
    const seedDir = busyboxRoot();
    mkdirSync(join(seedDir, 'sub'));
    writeFileSync(join(seedDir, 'sub/seeded'), 'seed');
    const seed = await layers.fromDir('seed', seedDir);
    const mounts: ExecMount[] = [rootMount, { type: 'cache', input: 1, selector: '/sub', dest: '/c', readonly: false, output: -1, cache: { id: `seeded-${Date.now()}`, sharing: 'shared' } }];
    const [out] = await runner.run(vertexOf({ kind: 'exec', exec: execOp('busybox cat /c/seeded > /got', { mounts }) }, 2), [base, seed], testContext(layers));
    expect(readFileSync(join(layers.diffDir(out!.layers.at(-1)!), 'got'), 'utf8')).toBe('seed');
  });

  it('fails on a bind whose source is missing, naming it as in the Dockerfile', async () => {
    const { layers, base } = await setup();
    const mounts: ExecMount[] = [rootMount, { type: 'bind', input: 0, selector: '/nothere', dest: '/x', readonly: true, output: -1 }];
    const run = runner.run(vertexOf({ kind: 'exec', exec: execOp('true', { mounts }) }, 1), [base], testContext(layers));
    await expect(run).rejects.toThrow(/^"\/nothere": not found$/);
  });

  it('fails on a missing required secret without running', async () => {
    const { layers, base } = await setup();
    const mounts: ExecMount[] = [rootMount, { type: 'secret', input: 'scratch', dest: '/run/secrets/x', readonly: true, output: -1, secret: { id: 'x', uid: 0, gid: 0, mode: 0o400, optional: false } }];
    await expect(runner.run(vertexOf({ kind: 'exec', exec: execOp('true', { mounts }) }, 1), [base], testContext(layers))).rejects.toThrow('secret x not found');
  });
});
