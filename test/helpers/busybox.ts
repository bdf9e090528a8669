// The busybox base image as an OCI layout (tag "1"), made once per checkout by
// fixtures/base/make-busybox-layout.sh (setup.sh makes it too) and shared by all tests.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const repo = resolve(import.meta.dirname, '..', '..');
const layout = resolve(repo, 'fixtures', '.base', 'busybox');
let pending: Promise<string> | undefined;

/** Path of the busybox layout; refer to the image as `oci-layout://<path>:1`. */
export function ensureBusyboxLayout(): Promise<string> {
  if (existsSync(resolve(layout, 'index.json'))) return Promise.resolve(layout);
  pending ??= run('bash', [resolve(repo, 'fixtures', 'base', 'make-busybox-layout.sh'), layout, '1']).then(() => layout);
  return pending;
}
