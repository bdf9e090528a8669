// bin/bake.js keeps a V8 code cache of the bundle's other chunks (engine, cache commands...) at
// run time: written on the first run under $XDG_CACHE_HOME/bake, in a folder of its
// installation, then accepted and left alone; a chunk's new cache replaces its older ones.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const bin = resolve(import.meta.dirname, '..', '..', 'bin', 'bake.js');
const launcher = createRequire(import.meta.url)(bin) as { runtimeCacheDir: (print: boolean) => string };

/** The launcher's cache folder under `cacheHome`. */
function cacheDirIn(cacheHome: string): string {
  const previous = process.env['XDG_CACHE_HOME'];
  process.env['XDG_CACHE_HOME'] = cacheHome;
  try {
    return launcher.runtimeCacheDir(false);
  } finally {
    if (previous === undefined) delete process.env['XDG_CACHE_HOME'];
    else process.env['XDG_CACHE_HOME'] = previous;
  }
}

function cacheFiles(cacheHome: string): Map<string, number> {
  const dir = cacheDirIn(cacheHome);
  return new Map(readdirSync(dir).map((name) => [name, statSync(join(dir, name)).mtimeMs]));
}

/** `bake du` on a state dir of its own, with caches under `cacheHome`; returns its output. */
function duWith(cacheHome: string): () => string {
  const env = { ...process.env, XDG_CACHE_HOME: cacheHome, BAKE_STATE_DIR: mkdtempSync(join(tmpdir(), 'bake-state-')) };
  return () => execFileSync(process.execPath, [bin, 'du'], { env, encoding: 'utf8' });
}

describe('run-time code cache of the bundle chunks', () => {
  it('is written for the chunks a command loads, then reused without rewriting', () => {
    const cacheHome = mkdtempSync(join(tmpdir(), 'bake-code-cache-'));
    const du = duWith(cacheHome);
    const first = du();
    const written = cacheFiles(cacheHome);
    expect([...written.keys()].some((name) => name.startsWith('du.cjs-'))).toBe(true);
    expect(du()).toBe(first);
    expect(cacheFiles(cacheHome)).toEqual(written);
  });

  it('replaces a cache V8 rejects and still runs the command', () => {
    const cacheHome = mkdtempSync(join(tmpdir(), 'bake-code-cache-'));
    const du = duWith(cacheHome);
    const first = du();
    const dir = cacheDirIn(cacheHome);
    const name = [...cacheFiles(cacheHome).keys()].find((n) => n.startsWith('du.cjs-'))!;
    writeFileSync(join(dir, name), 'not a code cache');
    expect(du()).toBe(first);
    expect(statSync(join(dir, name)).size).toBeGreaterThan('not a code cache'.length);
  });

  it('keeps one cache per chunk in the folder of its installation, per Node version', () => {
    const cacheHome = mkdtempSync(join(tmpdir(), 'bake-code-cache-'));
    const dir = cacheDirIn(cacheHome);
    expect(dir.startsWith(join(cacheHome, 'bake', 'code-cache', `${process.version}-${process.arch}`, ''))).toBe(true);
    mkdirSync(dir, { recursive: true });
    for (const stale of ['du.cjs-1-1.cache', 'du.cjs-2-2.cache', 'dump.cjs-1-1.cache']) writeFileSync(join(dir, stale), 'old');
    duWith(cacheHome)();
    const du = readdirSync(dir).filter((n) => n.startsWith('du.cjs-'));
    expect(du).toHaveLength(1);
    expect(du[0]).not.toMatch(/^du\.cjs-[12]-[12]\.cache$/);
    // Another chunk's caches are that chunk's business.
    expect(readdirSync(dir)).toContain('dump.cjs-1-1.cache');
  });
});
