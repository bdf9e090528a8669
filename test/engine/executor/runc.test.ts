import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ProcessInfo } from '../../../src/engine/executor/executor.js';
import { RuncExecutor } from '../../../src/engine/executor/runc.js';
import { busyboxRoot } from './busybox-root.js';

const canRun = process.getuid?.() === 0 && existsSync('/bin/busybox') && (existsSync('/usr/sbin/runc') || existsSync('/usr/bin/crun'));

function proc(script: string, extra: Partial<ProcessInfo> = {}): ProcessInfo & { out: () => string } {
  const chunks: string[] = [];
  return {
    args: ['/bin/sh', '-c', script],
    env: ['PATH=/bin', 'FOO=bar'],
    cwd: '/',
    user: { uid: 0, gid: 0, additionalGids: [] },
    network: 'sandbox',
    security: 'sandbox',
    output: (_s, d) => chunks.push(Buffer.from(d).toString()),
    out: () => chunks.join(''),
    ...extra,
  };
}

describe.skipIf(!canRun)('RuncExecutor', () => {
  const exec = new RuncExecutor();
  const never = new AbortController().signal;

  it('runs with env, cwd (created), user and hostname, and returns the exit code', async () => {
    const root = busyboxRoot();
    const p = proc('echo $FOO; pwd; busybox id -u; busybox id -G; busybox hostname; exit 3', {
      cwd: '/work/dir',
      user: { uid: 1000, gid: 1000, additionalGids: [77] },
    });
    const r = await exec.run(root, [], p, never);
    expect(r.exitCode).toBe(3);
    expect(p.out().split('\n').slice(0, 5)).toEqual(['bar', '/work/dir', '1000', '1000 77', 'buildkitsandbox']);
    expect(existsSync(join(root, 'work/dir'))).toBe(true);
  });

  it('makes every directory the working directory names on its way, as runc does: /a/../b leaves /a', async () => {
    const root = busyboxRoot();
    const p = proc('pwd', { cwd: '/a/../b/c' });
    expect((await exec.run(root, [], p, never)).exitCode).toBe(0);
    expect(p.out().trim()).toBe('/b/c');
    for (const d of ['a', 'b', 'b/c']) expect([d, statSync(join(root, d)).mode & 0o7777]).toEqual([d, 0o755]);
  });

  it('provides /etc/hosts and resolv.conf without leaving them in the root', async () => {
    const root = busyboxRoot();
    const p = proc('busybox cat /etc/hosts; busybox grep -c nameserver /etc/resolv.conf; busybox ls /dev/null', {
      extraHosts: [{ host: 'db', ip: '10.0.0.9' }],
    });
    expect((await exec.run(root, [], p, never)).exitCode).toBe(0);
    expect(p.out()).toContain('10.0.0.9\tdb');
    expect(p.out()).toContain('/dev/null');
    expect(existsSync(join(root, 'etc/hosts'))).toBe(false);
    expect(existsSync(join(root, 'etc/resolv.conf'))).toBe(false);
  });

  it('leaves missing /dev, /proc and /sys behind as plain 0755 root dirs, as BuildKit does', async () => {
    const root = busyboxRoot();
    for (const d of ['dev', 'proc', 'sys']) expect(existsSync(join(root, d))).toBe(false);
    expect((await exec.run(root, [], proc('busybox ls /dev/null'), never)).exitCode).toBe(0);
    for (const d of ['dev', 'proc', 'sys']) {
      const st = statSync(join(root, d));
      expect([d, st.mode & 0o7777, st.uid, st.gid]).toEqual([d, 0o755, 0, 0]);
    }
  });

  it('mounts binds read-only and tmpfs', async () => {
    const root = busyboxRoot();
    const data = mkdtempSync(join(tmpdir(), 'bake-bind-'));
    writeFileSync(join(data, 'in'), 'hello');
    const p = proc('busybox cat /data/in; echo x > /data/new || echo ro; echo t > /scratch/t && busybox cat /scratch/t');
    const r = await exec.run(root, [{ type: 'bind', source: data, dest: '/data', readonly: true }, { type: 'tmpfs', source: '', dest: '/scratch', readonly: false }], p, never);
    expect(r.exitCode).toBe(0);
    expect(p.out()).toMatch(/hello[\s\S]*ro[\s\S]*t/);
    expect(existsSync(join(data, 'new'))).toBe(false);
    expect(existsSync(join(root, 'data'))).toBe(false);
  });

  it('gives root default capabilities only unless insecure', async () => {
    const root = busyboxRoot();
    const sandboxed = proc('busybox grep CapEff /proc/self/status');
    await exec.run(root, [], sandboxed, never);
    const insecure = proc('busybox grep CapEff /proc/self/status', { security: 'insecure' });
    await exec.run(root, [], insecure, never);
    expect(sandboxed.out()).toContain('00000000a80425fb');
    expect(insecure.out()).not.toContain('00000000a80425fb');
  });

  it('makes missing mount points and the dirs above them 0755 (runc), so a step writing there keeps that mode', async () => {
    const root = busyboxRoot();
    const data = mkdtempSync(join(tmpdir(), 'bake-bind-'));
    const file = join(data, 'f');
    writeFileSync(file, 'x');
    const p = proc('busybox stat -c %a /app /app/deps /app/deps/cache /b; echo new > /app/file; echo > /b/g');
    const mounts = [
      { type: 'tmpfs' as const, source: '', dest: '/app/deps/cache', readonly: false },
      { type: 'bind' as const, source: file, dest: '/b/f', readonly: true },
    ];
    expect((await exec.run(root, mounts, p, never)).exitCode).toBe(0);
    // The tmpfs itself is 1777; the stub dirs above the mounts are 0755.
    expect(p.out().split('\n').slice(0, 4)).toEqual(['755', '755', '1777', '755']);
    expect(statSync(join(root, 'app')).mode & 0o7777).toBe(0o755);
    expect(statSync(join(root, 'b')).mode & 0o7777).toBe(0o755);
    expect(existsSync(join(root, 'app/deps'))).toBe(false);
    expect(existsSync(join(root, 'b/f'))).toBe(false);
  });

  it('kills the container on abort', async () => {
    const root = busyboxRoot();
    const ac = new AbortController();
    const started = Date.now();
    const p = proc('echo started; busybox sleep 31');
    setTimeout(() => ac.abort(), 1500);
    await expect(exec.run(root, [], p, ac.signal)).rejects.toThrow(/cancelled/);
    expect(Date.now() - started).toBeLessThan(10_000);
    const sleeping = readdirSync('/proc').filter((d) => /^\d+$/.test(d)).filter((d) => {
      try {
        return readFileSync(`/proc/${d}/cmdline`, 'utf8') === 'busybox\0sleep\x0031\0';
      } catch {
        return false;
      }
    });
    expect(sleeping).toEqual([]);
  });
});
