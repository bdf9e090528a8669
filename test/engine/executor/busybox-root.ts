// A minimal busybox root filesystem for container tests.
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function busyboxRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'bake-rootfs-'));
  chmodSync(root, 0o755);
  for (const d of ['bin', 'etc', 'tmp']) mkdirSync(join(root, d));
  chmodSync(join(root, 'tmp'), 0o1777);
  copyFileSync('/bin/busybox', join(root, 'bin/busybox'));
  symlinkSync('busybox', join(root, 'bin/sh'));
  writeFileSync(join(root, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n');
  writeFileSync(join(root, 'etc/group'), 'root:x:0:\napp:x:1000:\nextra:x:77:app\n');
  return root;
}
