// Mounts left below a directory (overlay roots of a killed build); tests check for leaks and
// clean up after deliberate crashes.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export function mountsUnder(dir: string): string[] {
  return readFileSync('/proc/mounts', 'utf8')
    .split('\n')
    .map((line) => line.split(' ')[1] ?? '')
    .map((p) => p.replace(/\\040/g, ' '))
    .filter((p) => p.startsWith(dir + '/'));
}

export function unmountAll(dir: string): void {
  for (const m of mountsUnder(dir).reverse()) {
    try {
      execFileSync('umount', ['-l', m]);
    } catch {
      // Already gone with its parent.
    }
  }
}
