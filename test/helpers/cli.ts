// Runs the real CLI in a child process, as a user would: `node bin/bake.js ARGS` in `cwd`.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

export const bakeBin = resolve(import.meta.dirname, '..', '..', 'bin', 'bake.js');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliRun {
  child: ChildProcess;
  done: Promise<CliResult>;
  /** Resolves when stderr contains `text`. */
  waitFor(text: string): Promise<void>;
}

export function startBake(args: string[], opts: { cwd: string; env?: Record<string, string> }): CliRun {
  const child = spawn(process.execPath, [bakeBin, ...args], {
    cwd: opts.cwd,
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const waiters: { text: string; resolve: () => void }[] = [];
  child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr!.on('data', (c: Buffer) => {
    stderr += c.toString();
    for (const w of waiters.filter((w) => stderr.includes(w.text))) w.resolve();
  });
  const done = new Promise<CliResult>((resolveDone) =>
    child.on('close', (code, signal) => resolveDone({ code, signal, stdout, stderr })),
  );
  const waitFor = (text: string): Promise<void> =>
    stderr.includes(text) ? Promise.resolve() : new Promise((r) => waiters.push({ text, resolve: r }));
  return { child, done, waitFor };
}

export function runBake(args: string[], opts: { cwd: string; env?: Record<string, string> }): Promise<CliResult> {
  return startBake(args, opts).done;
}
