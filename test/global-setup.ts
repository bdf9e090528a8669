// Integration tests drive the real CLI (`node bin/bake.js`), which runs the bundle in
// dist/bundle/ (or the compiled dist/ when the bundle is older): build both once before any test,
// so the tests exercise what users run and never stale output.
//
// Every temp dir a test makes (state dirs, contexts, layers...) lands under one root per run,
// removed at the end: test workers and the CLIs they start inherit TMPDIR from here, so a test
// that forgets its cleanup or dies mid-way leaves nothing in the system's temp dir.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { unmountAll } from './helpers/mounts.js';

export default function setup(): () => void {
  const repo = resolve(import.meta.dirname, '..');
  const run = (args: string[]): void => {
    execFileSync(process.execPath, args, { cwd: repo, stdio: 'inherit' });
  };
  run([resolve(repo, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json']);
  run([resolve(repo, 'bin/bundle.mjs')]);

  const runRoot = mkdtempSync(join(tmpdir(), 'bake-test-run-'));
  process.env.TMPDIR = runRoot;
  return () => {
    unmountAll(runRoot);
    rmSync(runRoot, { recursive: true, force: true });
  };
}
