// The OCI runtime config.json of a build container
// (https://github.com/opencontainers/runtime-spec/blob/main/config.md), shaped like the one
// BuildKit generates: Docker's default capabilities, masked /proc paths, read-only /sys, no new
// privileges; `security=insecure` lifts these limits.
import type { Mount, ProcessInfo } from './executor.js';
import { DEFAULT_HOSTNAME } from './executor.js';

interface OciMount {
  destination: string;
  type: string;
  source: string;
  options: string[];
}

// Docker's and BuildKit's default capability set.
const DEFAULT_CAPS = [
  'CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_FSETID', 'CAP_FOWNER', 'CAP_MKNOD', 'CAP_NET_RAW', 'CAP_SETGID',
  'CAP_SETUID', 'CAP_SETFCAP', 'CAP_SETPCAP', 'CAP_NET_BIND_SERVICE', 'CAP_SYS_CHROOT', 'CAP_KILL', 'CAP_AUDIT_WRITE',
];
const EXTRA_PRIVILEGED_CAPS = [
  'CAP_DAC_READ_SEARCH', 'CAP_LINUX_IMMUTABLE', 'CAP_NET_BROADCAST', 'CAP_NET_ADMIN', 'CAP_IPC_LOCK', 'CAP_IPC_OWNER',
  'CAP_SYS_MODULE', 'CAP_SYS_RAWIO', 'CAP_SYS_PTRACE', 'CAP_SYS_PACCT', 'CAP_SYS_ADMIN', 'CAP_SYS_BOOT', 'CAP_SYS_NICE',
  'CAP_SYS_RESOURCE', 'CAP_SYS_TIME', 'CAP_SYS_TTY_CONFIG', 'CAP_LEASE', 'CAP_AUDIT_CONTROL', 'CAP_MAC_OVERRIDE',
  'CAP_MAC_ADMIN', 'CAP_SYSLOG', 'CAP_WAKE_ALARM', 'CAP_BLOCK_SUSPEND', 'CAP_AUDIT_READ',
];
const MASKED_PATHS = [
  '/proc/asound', '/proc/acpi', '/proc/kcore', '/proc/keys', '/proc/latency_stats', '/proc/timer_list',
  '/proc/timer_stats', '/proc/sched_debug', '/proc/scsi', '/sys/firmware',
];
const READONLY_PATHS = ['/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger'];

function systemMounts(privileged: boolean): OciMount[] {
  return [
    { destination: '/proc', type: 'proc', source: 'proc', options: ['nosuid', 'noexec', 'nodev'] },
    { destination: '/dev', type: 'tmpfs', source: 'tmpfs', options: ['nosuid', 'strictatime', 'mode=755', 'size=65536k'] },
    { destination: '/dev/pts', type: 'devpts', source: 'devpts', options: ['nosuid', 'noexec', 'newinstance', 'ptmxmode=0666', 'mode=0620', 'gid=5'] },
    { destination: '/dev/shm', type: 'tmpfs', source: 'shm', options: ['nosuid', 'noexec', 'nodev', 'mode=1777', 'size=65536k'] },
    { destination: '/dev/mqueue', type: 'mqueue', source: 'mqueue', options: ['nosuid', 'noexec', 'nodev'] },
    { destination: '/sys', type: 'sysfs', source: 'sysfs', options: ['nosuid', 'noexec', 'nodev', privileged ? 'rw' : 'ro'] },
  ];
}

function userMount(m: Mount): OciMount {
  if (m.type === 'tmpfs') {
    const opts = ['nosuid', 'nodev', 'mode=1777'];
    if (m.readonly) opts.push('ro');
    if (m.size !== undefined) opts.push(`size=${m.size}`);
    return { destination: m.dest, type: 'tmpfs', source: 'tmpfs', options: opts };
  }
  return { destination: m.dest, type: 'bind', source: m.source, options: ['rbind', m.readonly ? 'ro' : 'rw'] };
}

export interface SpecFiles {
  hosts: string;
  resolvConf: string;
}

/** The config.json object for one run; `files` are the generated /etc files on the host. */
export function ociSpec(rootfs: string, mounts: Mount[], proc: ProcessInfo, files: SpecFiles): Record<string, unknown> {
  const privileged = proc.security === 'insecure';
  const caps = privileged ? [...DEFAULT_CAPS, ...EXTRA_PRIVILEGED_CAPS] : DEFAULT_CAPS;
  // A non-root user keeps the bounding set only, as in Docker: no effective capabilities.
  const effective = proc.user.uid === 0 ? caps : [];
  const namespaces = ['pid', 'ipc', 'uts', 'mount'].map((type) => ({ type }));
  if (proc.network !== 'host') namespaces.push({ type: 'network' });
  const etc: Mount[] = [
    { type: 'bind', source: files.hosts, dest: '/etc/hosts', readonly: true },
    { type: 'bind', source: files.resolvConf, dest: '/etc/resolv.conf', readonly: true },
  ];
  return {
    ociVersion: '1.0.2',
    process: {
      terminal: false,
      user: { uid: proc.user.uid, gid: proc.user.gid, additionalGids: proc.user.additionalGids },
      args: proc.args,
      env: proc.env,
      cwd: proc.cwd,
      capabilities: { bounding: caps, effective, permitted: effective, inheritable: [], ambient: [] },
      noNewPrivileges: !privileged,
    },
    root: { path: rootfs, readonly: false },
    hostname: proc.hostname ?? DEFAULT_HOSTNAME,
    mounts: [...systemMounts(privileged), ...etc.map(userMount), ...mounts.map(userMount)],
    linux: {
      namespaces,
      maskedPaths: privileged ? [] : MASKED_PATHS,
      readonlyPaths: privileged ? [] : READONLY_PATHS,
      resources: { devices: [{ allow: privileged, access: 'rwm' }] },
    },
  };
}
