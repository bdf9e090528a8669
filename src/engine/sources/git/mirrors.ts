// Commits this process already fetched before solving (to read a Dockerfile or bake files),
// kept in bare repositories until the process exits: checking out the same commit later reads
// their objects instead of fetching the remote a second time.
import { rmSync } from 'node:fs';

const mirrors = new Map<string, string>();
/** Every directory made for a mirror, complete or not: all are removed at exit. */
const made = new Set<string>();

const key = (remote: string, commit: string): string => `${remote}\0${commit}`;

/** The ref under which a mirror keeps `commit` reachable (so a fetch from it may name it). */
export function mirrorRef(commit: string): string {
  return `refs/bake/${commit}`;
}

/** A directory about to become a mirror: removed when the process exits. */
export function mirrorDir(dir: string): string {
  // Names start with the pid, so a killed process's mirrors are collected by the stale sweep.
  if (made.size === 0) process.once('exit', () => made.forEach((d) => rmSync(d, { recursive: true, force: true })));
  made.add(dir);
  return dir;
}

/** Registers `dir` (a bare repository holding `commit` under mirrorRef) for the process lifetime. */
export function addMirror(remote: string, commit: string, dir: string): void {
  mirrors.set(key(remote, commit), dir);
}

export function findMirror(remote: string, commit: string): string | undefined {
  return mirrors.get(key(remote, commit));
}
