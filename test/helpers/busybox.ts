// The busybox base images as OCI layouts (tag "1"), made once per checkout by the scripts in
// fixtures/base/ (setup.sh makes them too) and shared by all tests: `busybox` for the build
// platform, `busybox-multiarch` for linux/amd64 + linux/arm64.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const repo = resolve(import.meta.dirname, '..', '..');
const pending = new Map<string, Promise<string>>();

function ensureLayout(name: string, script: string): Promise<string> {
  const layout = resolve(repo, 'fixtures', '.base', name);
  if (existsSync(resolve(layout, 'index.json'))) return Promise.resolve(layout);
  let made = pending.get(name);
  if (!made) {
    made = run('bash', [resolve(repo, 'fixtures', 'base', script), layout, '1']).then(() => layout);
    pending.set(name, made);
  }
  return made;
}

/** Path of the busybox layout; refer to the image as `oci-layout://<path>:1`. */
export function ensureBusyboxLayout(): Promise<string> {
  return ensureLayout('busybox', 'make-busybox-layout.sh');
}

/** Path of the two-arch layout; refer to the image as `oci-layout://<path>:1`. */
export function ensureBusyboxMultiarchLayout(): Promise<string> {
  return ensureLayout('busybox-multiarch', 'make-busybox-multiarch.sh');
}
