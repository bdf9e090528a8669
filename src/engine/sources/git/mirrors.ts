// Commits this process already fetched before solving (to read a Dockerfile or bake files),
// kept in bare repositories until the process exits: checking out the same commit later reads
// their objects instead of fetching the remote a second time. Their directories come from
// processDir, so they are removed at exit.
const mirrors = new Map<string, string>();

const key = (remote: string, commit: string): string => `${remote}\0${commit}`;

/** The ref under which a mirror keeps `commit` reachable (so a fetch from it may name it). */
export function mirrorRef(commit: string): string {
  return `refs/bake/${commit}`;
}

/** Registers `dir` (a bare repository holding `commit` under mirrorRef) for the process lifetime. */
export function addMirror(remote: string, commit: string, dir: string): void {
  mirrors.set(key(remote, commit), dir);
}

export function findMirror(remote: string, commit: string): string | undefined {
  return mirrors.get(key(remote, commit));
}
