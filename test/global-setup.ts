// Integration tests drive the real CLI (`node bin/bake.js`), which runs the bundle in
// dist/bundle/ (or the compiled dist/ when the bundle is older): build both once before any test,
// so the tests exercise what users run and never stale output.
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

export default function setup(): void {
  const repo = resolve(import.meta.dirname, '..');
  const run = (args: string[]): void => {
    execFileSync(process.execPath, args, { cwd: repo, stdio: 'inherit' });
  };
  run([resolve(repo, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json']);
  run([resolve(repo, 'bin/bundle.mjs')]);
}
