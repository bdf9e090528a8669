// bin/bake.js keeps a V8 code cache of the bundle's other chunks (engine, cache commands...) at
// run time: written on the first run under $XDG_CACHE_HOME/bake, then accepted and left alone.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const bin = resolve(import.meta.dirname, '..', '..', 'bin', 'bake.js');

function cacheFiles(cacheHome: string): Map<string, number> {
  const dir = join(cacheHome, 'bake', 'code-cache', `${process.version}-${process.arch}`);
  return new Map(readdirSync(dir).map((name) => [name, statSync(join(dir, name)).mtimeMs]));
}

describe('run-time code cache of the bundle chunks', () => {
  it('is written for the chunks a command loads, then reused without rewriting', () => {
    const cacheHome = mkdtempSync(join(tmpdir(), 'bake-code-cache-'));
    const env = { ...process.env, XDG_CACHE_HOME: cacheHome, BAKE_STATE_DIR: mkdtempSync(join(tmpdir(), 'bake-state-')) };
    const du = (): string => execFileSync(process.execPath, [bin, 'du'], { env, encoding: 'utf8' });
    const first = du();
    const written = cacheFiles(cacheHome);
    expect([...written.keys()].some((name) => name.startsWith('du.cjs-'))).toBe(true);
    expect(du()).toBe(first);
    expect(cacheFiles(cacheHome)).toEqual(written);
  });

  it('replaces a cache V8 rejects and still runs the command', () => {
    const cacheHome = mkdtempSync(join(tmpdir(), 'bake-code-cache-'));
    const env = { ...process.env, XDG_CACHE_HOME: cacheHome, BAKE_STATE_DIR: mkdtempSync(join(tmpdir(), 'bake-state-')) };
    const du = (): string => execFileSync(process.execPath, [bin, 'du'], { env, encoding: 'utf8' });
    const first = du();
    const dir = join(cacheHome, 'bake', 'code-cache', `${process.version}-${process.arch}`);
    const name = [...cacheFiles(cacheHome).keys()].find((n) => n.startsWith('du.cjs-'))!;
    writeFileSync(join(dir, name), 'not a code cache');
    expect(du()).toBe(first);
    expect(statSync(join(dir, name)).size).toBeGreaterThan('not a code cache'.length);
  });
});
