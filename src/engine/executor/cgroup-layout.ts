// crun refuses to start on a hybrid cgroup host (v1 controllers under /sys/fs/cgroup plus a
// cgroup2 hierarchy at /sys/fs/cgroup/unified that holds a controller) although runc, ~60 ms
// slower per RUN, accepts it. Without the cgroup2 mount crun sees a plain cgroup v1 host and
// works, so crun is started in a mount namespace of its own where that mount is detached: the
// host's cgroups are left as they are and containers still get their v1 cgroups (devices included).
import { readFileSync } from 'node:fs';

const CGROUP_ROOT = '/sys/fs/cgroup';

/** Mount points and filesystem types from mountinfo text (octal escapes in paths decoded). */
export function mountTypes(mountinfo: string): Map<string, string> {
  const types = new Map<string, string>();
  for (const line of mountinfo.split('\n')) {
    const [before, after] = line.split(' - ');
    const mountPoint = before?.split(' ')[4];
    const fsType = after?.split(' ')[0];
    if (mountPoint && fsType) {
      types.set(mountPoint.replace(/\\([0-7]{3})/g, (_m, oct: string) => String.fromCharCode(parseInt(oct, 8))), fsType);
    }
  }
  return types;
}

/** The cgroup2 mounts below a v1 cgroup root, which crun must not see; empty elsewhere. */
export function hybridCgroup2Mounts(mountinfo: string): string[] {
  const types = mountTypes(mountinfo);
  if (types.get(CGROUP_ROOT) === 'cgroup2') return [];
  return [...types].filter(([path, type]) => type === 'cgroup2' && path.startsWith(`${CGROUP_ROOT}/`)).map(([path]) => path);
}

let hostMounts: string[] | undefined;

/** hybridCgroup2Mounts of this host, read once. */
export function hostHybridCgroup2Mounts(): string[] {
  if (!hostMounts) {
    try {
      hostMounts = hybridCgroup2Mounts(readFileSync('/proc/self/mountinfo', 'utf8'));
    } catch {
      hostMounts = [];
    }
  }
  return hostMounts;
}
