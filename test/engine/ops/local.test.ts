import { execFileSync } from 'node:child_process';
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { LocalSourceRunner, hashLocalSource } from '../../../src/engine/ops/local.js';
import { digestsOfWalk } from '../../../src/engine/ops/local/hash.js';
import { selectedEntriesOnce } from '../../../src/engine/ops/local/select.js';
import type { LocalDir } from '../../../src/engine/session.js';
import { CopyLayerStore, testContext, vertexOf } from './fake-layers.js';

function makeContext(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bake-ctx-'));
  for (const f of ['a.txt', 'b.md', 'README.md', 'src/x.ts', 'src/deep/y.ts', 'src/deep/z.log', 'docs/keep/k.md', 'docs/drop.md']) {
    mkdirSync(join(dir, f, '..'), { recursive: true });
    writeFileSync(join(dir, f), f);
  }
  symlinkSync('a.txt', join(dir, 'link'));
  return dir;
}

function listTree(root: string, rel = ''): string[] {
  return readdirSync(join(root, rel), { withFileTypes: true }).flatMap((d) => {
    const p = rel ? `${rel}/${d.name}` : d.name;
    return d.isDirectory() ? [p + '/', ...listTree(root, p)] : [p];
  }).sort();
}

async function runLocal(dir: LocalDir, source: { include?: string[]; exclude?: string[]; followPaths?: string[] }): Promise<string[]> {
  const layers = new CopyLayerStore();
  const ctx = testContext(layers, { localDir: () => dir });
  const [snap] = await new LocalSourceRunner().run(vertexOf({ kind: 'source', source: { type: 'local', name: 'context', ...source } }), [], ctx);
  return listTree(layers.diffDir(snap!.layers[0]!));
}

describe('LocalSourceRunner', () => {
  it('sends a fifo as a fifo, a socket or device as an empty file with its mode, as docker does', async () => {
    const dir = makeContext();
    execFileSync('mkfifo', ['-m', '0640', join(dir, 'pipe')]);
    execFileSync('python3', ['-c', 'import socket,sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])', join(dir, 'sock')]);
    chmodSync(join(dir, 'sock'), 0o751);
    execFileSync('mknod', ['-m', '0600', join(dir, 'nul'), 'c', '1', '3']);
    const layers = new CopyLayerStore();
    const ctx = testContext(layers, { localDir: () => ({ dir, excludes: [] }) });
    const [snap] = await new LocalSourceRunner().run(vertexOf({ kind: 'source', source: { type: 'local', name: 'context', include: ['pipe', 'sock', 'nul'] } }), [], ctx);
    const out = layers.diffDir(snap!.layers[0]!);
    const pipe = lstatSync(join(out, 'pipe'));
    expect([pipe.isFIFO(), pipe.mode & 0o7777]).toEqual([true, 0o640]);
    const sock = lstatSync(join(out, 'sock'));
    expect([sock.isFile(), sock.size, sock.mode & 0o7777]).toEqual([true, 0, 0o751]);
    const nul = lstatSync(join(out, 'nul'));
    expect([nul.isFile(), nul.size, nul.mode & 0o7777]).toEqual([true, 0, 0o600]);
  });

  it('copies everything not ignored, keeping dirs whose content is all ignored', async () => {
    const dir = makeContext();
    const got = await runLocal({ dir, excludes: ['*.md', '!README.md', 'src/deep/*.log'] }, {});
    // `*.md` only matches at the top: docs/*.md stay.
    expect(got).toEqual(['README.md', 'a.txt', 'docs/', 'docs/drop.md', 'docs/keep/', 'docs/keep/k.md', 'link', 'src/', 'src/deep/', 'src/deep/y.ts', 'src/x.ts'].sort());
  });

  it('re-includes a file inside an excluded dir', async () => {
    const dir = makeContext();
    const got = await runLocal({ dir, excludes: ['docs', '!docs/keep/k.md'] }, {});
    expect(got.filter((p) => p.startsWith('docs'))).toEqual(['docs/', 'docs/keep/', 'docs/keep/k.md']);
  });

  it('copies only include patterns with their parent dirs', async () => {
    const dir = makeContext();
    const got = await runLocal({ dir, excludes: [] }, { include: ['src/deep/*.ts', 'a.txt'] });
    expect(got).toEqual(['a.txt', 'src/', 'src/deep/', 'src/deep/y.ts']);
  });

  it('brings the targets of included symlinks (and link chains, dir links) along', async () => {
    const dir = makeContext();
    symlinkSync('link', join(dir, 'link2'));
    symlinkSync('/src/deep', join(dir, 'dirlink'));
    expect(await runLocal({ dir, excludes: [] }, { include: ['link2'] })).toEqual(['a.txt', 'link', 'link2']);
    expect(await runLocal({ dir, excludes: [] }, { include: ['dirlink'] })).toEqual(['dirlink', 'src/', 'src/deep/', 'src/deep/y.ts', 'src/deep/z.log']);
    expect(await runLocal({ dir, excludes: [] }, { include: ['link2'], followPaths: [] })).toEqual(['link2']);
  });

  it('keeps modes and makes files root-owned', async () => {
    const dir = makeContext();
    const layers = new CopyLayerStore();
    const ctx = testContext(layers, { localDir: () => ({ dir, excludes: [] }) });
    chmodSync(join(dir, 'a.txt'), 0o751);
    const [snap] = await new LocalSourceRunner().run(vertexOf({ kind: 'source', source: { type: 'local', name: 'c' } }), [], ctx);
    const st = statSync(join(layers.diffDir(snap!.layers[0]!), 'a.txt'));
    expect(st.mode & 0o7777).toBe(0o751);
    if (process.getuid?.() === 0) expect([st.uid, st.gid]).toEqual([0, 0]);
  });
});

describe('hashLocalSource', () => {
  const src = { type: 'local' as const, name: 'context', include: ['src/**'] };
  it('ignores edits to files the source does not select', async () => {
    const dir = makeContext();
    const state = mkdtempSync(join(tmpdir(), 'bake-state-'));
    const before = await hashLocalSource({ dir, excludes: [] }, src, state);
    writeFileSync(join(dir, 'a.txt'), 'changed');
    expect(await hashLocalSource({ dir, excludes: [] }, src, state)).toBe(before);
    writeFileSync(join(dir, 'src/x.ts'), 'changed');
    expect(await hashLocalSource({ dir, excludes: [] }, src, state)).not.toBe(before);
  });

  it('changes when an ignored file is re-included, and uses the stat cache', async () => {
    const dir = makeContext();
    const state = mkdtempSync(join(tmpdir(), 'bake-state-'));
    const a = await hashLocalSource({ dir, excludes: ['src/deep'] }, src, state);
    const b = await hashLocalSource({ dir, excludes: [] }, src, state);
    expect(a).not.toBe(b);
    expect(readdirSync(join(state, 'local-hash'))).toHaveLength(1);
    // Same size, same content length, new content: the stat identity (mtime/ctime) catches it.
    writeFileSync(join(dir, 'src/deep/y.ts'), 'src/deep/Y.ts');
    expect(await hashLocalSource({ dir, excludes: [] }, src, state)).not.toBe(b);
  });

  it('shares one walk per scope with the transfer, and hands it the digests it found', async () => {
    const dir = makeContext();
    const state = mkdtempSync(join(tmpdir(), 'bake-state-'));
    const session = {};
    await hashLocalSource({ dir, excludes: [] }, src, state, session);
    const walk = await selectedEntriesOnce(session, { dir, excludes: [] }, src);
    expect(walk).toBe(await selectedEntriesOnce(session, { dir, excludes: [] }, src));
    expect(await selectedEntriesOnce({}, { dir, excludes: [] }, src)).not.toBe(walk);
    const digests = digestsOfWalk(walk)!;
    expect([...digests.keys()].sort()).toEqual(['src/deep/y.ts', 'src/deep/z.log', 'src/x.ts']);
    expect(digests.get('src/x.ts')).toBe(createHash('sha256').update('src/x.ts').digest('hex'));
  });

  it('does not rewrite the stat cache when no file changed', async () => {
    const dir = makeContext();
    const state = mkdtempSync(join(tmpdir(), 'bake-state-'));
    const first = await hashLocalSource({ dir, excludes: [] }, src, state);
    const cacheFile = join(state, 'local-hash', readdirSync(join(state, 'local-hash'))[0]!);
    const ino = statSync(cacheFile).ino;
    expect(await hashLocalSource({ dir, excludes: [] }, src, state)).toBe(first);
    expect(statSync(cacheFile).ino).toBe(ino);
  });
});
