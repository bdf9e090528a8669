// Integration tests drive the real CLI (`node bin/bake.js`), which runs the compiled dist/:
// compile once before any test so they never exercise stale output.
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

export default function setup(): void {
  const repo = resolve(import.meta.dirname, '..');
  execFileSync(process.execPath, [resolve(repo, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
    cwd: repo,
    stdio: 'inherit',
  });
}
