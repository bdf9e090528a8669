// The two-architecture busybox base (linux/amd64 + linux/arm64 under tag "1"), made once per
// checkout by fixtures/base/make-busybox-multiarch.sh (setup.sh makes it too).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const repo = resolve(import.meta.dirname, '..', '..');
const layout = resolve(repo, 'fixtures', '.base', 'busybox-multiarch');
let pending: Promise<string> | undefined;

/** Path of the two-arch layout; refer to the image as `oci-layout://<path>:1`. */
export function ensureBusyboxMultiarchLayout(): Promise<string> {
  if (existsSync(resolve(layout, 'index.json'))) return Promise.resolve(layout);
  pending ??= run('bash', [resolve(repo, 'fixtures', 'base', 'make-busybox-multiarch.sh'), layout, '1']).then(() => layout);
  return pending;
}
