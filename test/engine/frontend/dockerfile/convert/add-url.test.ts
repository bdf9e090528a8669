// ADD <url>: the http source, its vertex name, and the name the file gets in the destination directory.
import { describe, expect, it } from 'vitest';
import { compile } from './helpers.js';

describe('ADD <url>', () => {
  it('names the file after the last element of the URL path, __unnamed__ without one', async () => {
    const r = await compile('FROM alpine\nADD http://h.test/ /r1/\nADD http://h.test /r2/\nADD http://h.test/a/b/?q=/x /r3/\n');
    const names = [...r.definition.vertices.values()].flatMap((v) =>
      v.op.kind === 'source' && v.op.source.type === 'http' ? [`${v.op.source.url} ${v.op.source.filename}`] : [],
    );
    expect(names.sort()).toEqual(['http://h.test __unnamed__', 'http://h.test/ __unnamed__', 'http://h.test/a/b/?q=/x b']);
    const dests = [...r.definition.vertices.values()].flatMap((v) =>
      v.op.kind === 'file' ? v.op.file.actions.flatMap((a) => (a.kind === 'copy' ? [a.destPath] : [])) : [],
    );
    expect(dests.sort()).toEqual(['/r1/__unnamed__', '/r2/__unnamed__', '/r3/b']);
  });

  it('names the http and git sources after the step, as BuildKit does, so their progress reads as the ADD', async () => {
    const resolveGit = (): Promise<string> => Promise.resolve('ab'.repeat(20));
    const r = await compile('FROM alpine\nADD http://h.test/f /f\nADD https://h.test/r.git#main /src\n', { resolveGit });
    const names = new Map<string, string>();
    for (const [digest, v] of r.definition.vertices) {
      if (v.op.kind !== 'source' || (v.op.source.type !== 'http' && v.op.source.type !== 'git')) continue;
      names.set(v.op.source.type, r.definition.meta.get(digest)?.name ?? '');
    }
    expect(Object.fromEntries(names)).toEqual({
      http: '[app 2/3] ADD http://h.test/f /f',
      git: '[app 3/3] ADD https://h.test/r.git#main /src',
    });
    const steps = [...r.definition.meta.values()].map((m) => m.name);
    expect(steps.filter((n) => n === '[app 2/3] ADD http://h.test/f /f')).toHaveLength(2);
  });

  it('--checksum takes one HTTP(S) or Git source', async () => {
    const sum = `sha256:${'0'.repeat(64)}`;
    await expect(compile(`FROM alpine\nADD --checksum=${sum} f /f\n`)).rejects.toThrow(/checksum requires HTTP\(S\) or Git sources/);
    await expect(compile(`FROM alpine\nADD --checksum=${sum} http://h.test/a http://h.test/b /d/\n`)).rejects.toThrow(
      /checksum can't be specified for multiple sources/,
    );
    const ok = await compile(`FROM alpine\nADD --checksum=${sum} http://h.test/a /a\n`);
    const http = [...ok.definition.vertices.values()].find((v) => v.op.kind === 'source' && v.op.source.type === 'http');
    expect(http?.op.kind === 'source' && http.op.source).toMatchObject({ checksum: sum });
  });
});
