import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectBlobs } from '../../../src/engine/cache/blob-gc.js';

function blob(state: string, content: string): string {
  const hex = createHash('sha256').update(content).digest('hex');
  mkdirSync(join(state, 'blobs', 'sha256'), { recursive: true });
  writeFileSync(join(state, 'blobs', 'sha256', hex), content);
  return `sha256:${hex}`;
}

function has(state: string, digest: string): boolean {
  return existsSync(join(state, 'blobs', 'sha256', digest.slice(7)));
}

function age(state: string, digest: string): void {
  const old = new Date(Date.now() - 60 * 60 * 1000);
  utimesSync(join(state, 'blobs', 'sha256', digest.slice(7)), old, old);
}

describe('collectBlobs', () => {
  it('keeps what images, layers and registry pins refer to and removes the rest', () => {
    const state = mkdtempSync(join(tmpdir(), 'blob-gc-'));
    const layer = blob(state, 'layer-bytes');
    const config = blob(state, '{"architecture":"amd64"}');
    const manifest = blob(state, JSON.stringify({ config: { digest: config }, layers: [{ digest: layer }] }));
    const index = blob(state, JSON.stringify({ manifests: [{ digest: manifest }] }));
    mkdirSync(join(state, 'images'));
    writeFileSync(join(state, 'images', 'app.json'), JSON.stringify({ name: 'app', descriptor: { digest: index } }));

    const exported = blob(state, 'exported-layer');
    mkdirSync(join(state, 'layers', 'l1', 'diff'), { recursive: true });
    writeFileSync(join(state, 'layers', 'l1', 'layer.json'), JSON.stringify({ built: { none: { diffId: 'x', blob: { digest: exported } } } }));

    const pinnedConfig = blob(state, '{"os":"linux"}');
    const pinned = blob(state, JSON.stringify({ config: { digest: pinnedConfig }, layers: [] }));
    mkdirSync(join(state, 'registry', 'pins'), { recursive: true });
    writeFileSync(join(state, 'registry', 'pins', 'p.json'), JSON.stringify({ digest: pinned }));

    const orphan = blob(state, 'nobody needs me');
    const freed = collectBlobs(state, false);

    for (const d of [layer, config, manifest, index, exported, pinned, pinnedConfig]) expect(has(state, d)).toBe(true);
    expect(has(state, orphan)).toBe(false);
    expect(freed).toBeGreaterThan(0);
  });

  it('spares recently written blobs while a build runs, and removes old ones', () => {
    const state = mkdtempSync(join(tmpdir(), 'blob-gc-'));
    const fresh = blob(state, 'being exported right now');
    const stale = blob(state, 'left by an old build');
    age(state, stale);
    collectBlobs(state, true);
    expect(has(state, fresh)).toBe(true);
    expect(has(state, stale)).toBe(false);
  });

  it('only removes blobs older than the until filter', () => {
    const state = mkdtempSync(join(tmpdir(), 'blob-gc-'));
    const recent = blob(state, 'written a minute ago');
    const old = blob(state, 'written an hour ago');
    age(state, old);
    collectBlobs(state, false, 30 * 60 * 1000);
    expect(has(state, recent)).toBe(true);
    expect(has(state, old)).toBe(false);
  });

  it('removes an unreferenced blob written this very millisecond when no filter is given', () => {
    const state = mkdtempSync(join(tmpdir(), 'blob-gc-'));
    const now = blob(state, 'written just now');
    // Ahead of Date.now(), as a blob written within the current millisecond is (by a fraction;
    // 50 ms here so the check cannot race the clock).
    const t = (Date.now() + 50) / 1000;
    utimesSync(join(state, 'blobs', 'sha256', now.slice(7)), t, t);
    collectBlobs(state, false);
    expect(has(state, now)).toBe(false);
  });
});
