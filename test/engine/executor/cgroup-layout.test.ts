import { describe, expect, it } from 'vitest';
import { hybridCgroup2Mounts, mountTypes } from '../../../src/engine/executor/cgroup-layout.js';

const line = (id: number, mountPoint: string, fsType: string): string =>
  `${id} 26 0:${id} / ${mountPoint} rw,relatime shared:${id} - ${fsType} ${fsType} rw`;

describe('cgroup layout', () => {
  it('names the cgroup2 mount of a hybrid host, which crun must not see', () => {
    const info = [
      line(1, '/', 'ext4'),
      line(2, '/sys/fs/cgroup', 'tmpfs'),
      line(3, '/sys/fs/cgroup/memory', 'cgroup'),
      line(4, '/sys/fs/cgroup/unified', 'cgroup2'),
    ].join('\n');
    expect(hybridCgroup2Mounts(info)).toEqual(['/sys/fs/cgroup/unified']);
  });

  it('hides nothing on a cgroup v2 or a plain v1 host', () => {
    expect(hybridCgroup2Mounts([line(1, '/', 'ext4'), line(2, '/sys/fs/cgroup', 'cgroup2')].join('\n'))).toEqual([]);
    expect(hybridCgroup2Mounts([line(2, '/sys/fs/cgroup', 'tmpfs'), line(3, '/sys/fs/cgroup/cpu', 'cgroup')].join('\n'))).toEqual([]);
  });

  it('decodes octal escapes in mount points and takes the type after the separator', () => {
    const info = '7 1 0:7 / /mnt/a\\040b rw shared:1 master:2 - overlay overlay rw';
    expect([...mountTypes(info)]).toEqual([['/mnt/a b', 'overlay']]);
  });
});
