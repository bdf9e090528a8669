import { describe, expect, it } from 'vitest';
import { hostsFile, resolvConf } from '../../../src/engine/executor/etc-files.js';
import type { ProcessInfo } from '../../../src/engine/executor/executor.js';
import { ociSpec } from '../../../src/engine/executor/oci-spec.js';

const proc: ProcessInfo = {
  args: ['sh'], env: [], cwd: '/', user: { uid: 0, gid: 0, additionalGids: [] },
  network: 'sandbox', security: 'sandbox', output: () => undefined,
};
const files = { hosts: '/h', resolvConf: '/r' };

interface Spec {
  process: { noNewPrivileges: boolean; capabilities: { effective: string[]; bounding: string[] } };
  linux: { namespaces: { type: string }[]; maskedPaths: string[] };
  mounts: { destination: string; options: string[] }[];
}
const spec = (p: Partial<ProcessInfo>): Spec => ociSpec('/rootfs', [], { ...proc, ...p }, files) as unknown as Spec;

describe('ociSpec', () => {
  it('isolates the network unless host', () => {
    expect(spec({}).linux.namespaces.map((n) => n.type)).toContain('network');
    expect(spec({ network: 'host' }).linux.namespaces.map((n) => n.type)).not.toContain('network');
  });

  it('sandbox: default caps, no new privileges, masked paths, read-only /sys', () => {
    const s = spec({});
    expect(s.process.noNewPrivileges).toBe(true);
    expect(s.process.capabilities.effective).toContain('CAP_CHOWN');
    expect(s.process.capabilities.effective).not.toContain('CAP_SYS_ADMIN');
    expect(s.linux.maskedPaths).toContain('/proc/kcore');
    expect(s.mounts.find((m) => m.destination === '/sys')!.options).toContain('ro');
  });

  it('insecure is privileged', () => {
    const s = spec({ security: 'insecure' });
    expect(s.process.capabilities.effective).toContain('CAP_SYS_ADMIN');
    expect(s.process.noNewPrivileges).toBe(false);
    expect(s.linux.maskedPaths).toEqual([]);
  });

  it('gives a non-root user no effective capabilities', () => {
    const s = spec({ user: { uid: 1000, gid: 1000, additionalGids: [] } });
    expect(s.process.capabilities.effective).toEqual([]);
    expect(s.process.capabilities.bounding).toContain('CAP_CHOWN');
  });

  it('mounts hosts and resolv.conf read-only', () => {
    const hosts = spec({}).mounts.find((m) => m.destination === '/etc/hosts')!;
    expect(hosts.options).toContain('ro');
  });

  it('mounts a tmpfs read-only when asked (RUN --mount=type=tmpfs,ro)', () => {
    const tmpfs = (readonly: boolean): string[] => {
      const s = ociSpec('/rootfs', [{ type: 'tmpfs', source: 'tmpfs', dest: '/t', readonly, size: 1024 }], proc, files) as unknown as Spec;
      return s.mounts.find((m) => m.destination === '/t')!.options;
    };
    expect(tmpfs(true)).toEqual(expect.arrayContaining(['ro', 'size=1024']));
    expect(tmpfs(false)).not.toContain('ro');
  });
});

describe('etc files', () => {
  it('hosts has localhost, the hostname and extra hosts', () => {
    const text = hostsFile({ hostname: 'box', extraHosts: [{ host: 'db', ip: '10.1.2.3' }] });
    expect(text).toContain('127.0.0.1\tlocalhost box');
    expect(text).toContain('10.1.2.3\tdb');
  });

  it('resolv.conf drops loopback nameservers in a sandbox, with fallbacks', () => {
    const host = 'search example.com\nnameserver 127.0.0.53\n';
    expect(resolvConf(host, 'sandbox')).toContain('nameserver 8.8.8.8');
    expect(resolvConf(host, 'sandbox')).not.toContain('127.0.0.53');
    expect(resolvConf(host, 'sandbox')).toContain('search example.com');
    expect(resolvConf(host, 'host')).toBe(host);
    expect(resolvConf('nameserver 10.0.0.1\n', 'sandbox')).toBe('nameserver 10.0.0.1\n');
  });
});
