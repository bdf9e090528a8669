// URL build contexts in the request: kept as URLs, with a relative Dockerfile left to be read
// from the remote context and `cwd://` Dockerfiles made local.
import { describe, expect, it } from 'vitest';
import { toSolveRequest } from '../../src/bake/to-request.js';
import type { Target } from '../../src/bake/types.js';

const request = (t: Omit<Target, 'name'>) => toSolveRequest([{ name: 'app', ...t }], { cwd: '/work/p', env: { BAKE_STATE_DIR: '/state' }, allow: [] });

describe('toSolveRequest with URL contexts', () => {
  it('keeps git and tarball contexts as URLs and their Dockerfile relative', () => {
    const git = request({ context: 'https://example.com/o/r.git#main:app', dockerfile: 'build/Dockerfile' }).targets[0]!;
    expect(git.context).toBe('https://example.com/o/r.git#main:app');
    expect(git.dockerfile).toBe('build/Dockerfile');
    const tar = request({ context: 'https://example.com/ctx.tar.gz' }).targets[0]!;
    expect(tar.dockerfile).toBe('Dockerfile');
    expect(request({ context: 'git@example.com:o/r.git' }).targets[0]!.context).toBe('git@example.com:o/r.git');
  });

  it('reads a cwd:// Dockerfile locally even with a URL context', () => {
    const t = request({ context: 'git://example.com/r.git', dockerfile: 'cwd://ci/Dockerfile' }).targets[0]!;
    expect(t.dockerfile).toBe('/work/p/ci/Dockerfile');
  });
});
