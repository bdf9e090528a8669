import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cacheMountDir } from '../../../src/engine/executor/mounts/cache.js';

describe('cacheMountDir', () => {
  const state = mkdtempSync(join(tmpdir(), 'bake-cache-'));

  it('locked: the second holder waits for the first', async () => {
    const first = await cacheMountDir(state, 'go-build', 'locked');
    let second: { path: string } | undefined;
    const waiting = cacheMountDir(state, 'go-build', 'locked').then((d) => (second = d));
    await new Promise((r) => setTimeout(r, 50));
    expect(second).toBeUndefined();
    first.release();
    await waiting;
    expect(second!.path).toBe(first.path);
  });

  it('shared: both at once, same dir', async () => {
    const a = await cacheMountDir(state, 'npm', 'shared');
    const b = await cacheMountDir(state, 'npm', 'shared');
    expect(a.path).toBe(b.path);
    expect(a.created).toBe(true);
    expect(b.created).toBe(false);
  });

  it('private: a busy dir gives a separate copy', async () => {
    const a = await cacheMountDir(state, 'apt', 'private');
    const b = await cacheMountDir(state, 'apt', 'private');
    expect(b.path).not.toBe(a.path);
    a.release();
    const c = await cacheMountDir(state, 'apt', 'private');
    expect(c.path).toBe(a.path);
  });
});
