// The /etc/hosts and /etc/resolv.conf a build container sees: generated per run and
// bind-mounted read-only, so nothing of them ends up in a layer.
import { readFile } from 'node:fs/promises';
import type { ProcessInfo } from './executor.js';
import { DEFAULT_HOSTNAME } from './executor.js';

/** localhost, the sandbox hostname and the step's `--add-host` entries. */
export function hostsFile(proc: Pick<ProcessInfo, 'hostname' | 'extraHosts'>): string {
  const name = proc.hostname ?? DEFAULT_HOSTNAME;
  const lines = [`127.0.0.1\tlocalhost ${name}`, '::1\tlocalhost ip6-localhost ip6-loopback'];
  for (const h of proc.extraHosts ?? []) lines.push(`${h.ip}\t${h.host}`);
  return lines.join('\n') + '\n';
}

// Docker's fallback when the host only lists loopback resolvers (systemd-resolved, dnsmasq).
const FALLBACK_NAMESERVERS = ['8.8.8.8', '8.8.4.4', '2001:4860:4860::8888', '2001:4860:4860::8844'];

function isLoopback(ip: string): boolean {
  return ip.startsWith('127.') || ip === '::1';
}

/**
 * The host's resolv.conf; in a separate network namespace loopback nameservers point at nothing,
 * so they are dropped, with public fallbacks when none is left.
 */
export function resolvConf(hostText: string, network: ProcessInfo['network']): string {
  if (network === 'host') return hostText;
  const lines = hostText.split('\n').filter((l) => {
    const m = /^\s*nameserver\s+(\S+)/.exec(l);
    return !m || !isLoopback(m[1]!);
  });
  if (!lines.some((l) => /^\s*nameserver\s/.test(l))) {
    lines.unshift(...FALLBACK_NAMESERVERS.map((ip) => `nameserver ${ip}`));
  }
  return lines.join('\n').replace(/\n*$/, '\n');
}

export async function hostResolvConf(): Promise<string> {
  return readFile('/etc/resolv.conf', 'utf8').catch(() => '');
}
