// COPY/ADD: copy actions with every flag, sources from the context, stages, images, URLs.
import { describe, expect, it } from 'vitest';
import type { FileAction, SourceOp, Vertex } from '../../../../../src/engine/graph/op.js';
import type { CompileResult } from '../../../../../src/engine/frontend/dockerfile/convert/types.js';
import { FakeResolver, compile } from './helpers.js';

function rootCopy(r: CompileResult): { actions: FileAction[]; vertex: Vertex } {
  const vertex = r.definition.vertices.get(r.root!.vertex)!;
  if (vertex.op.kind !== 'file') throw new Error(`root is ${vertex.op.kind}`);
  return { actions: vertex.op.file.actions, vertex };
}

function sources(r: CompileResult): SourceOp[] {
  return [...r.definition.vertices.values()].flatMap((v) => (v.op.kind === 'source' ? [v.op.source] : []));
}

describe('COPY / ADD', () => {
  it('maps flags onto the copy action; dest is relative to WORKDIR', async () => {
    const r = await compile('FROM alpine\nWORKDIR /app\nARG M=0755\nCOPY --chown=app:staff --chmod=$M --exclude=*.md --parents src/ ./\n');
    const { actions } = rootCopy(r);
    expect(actions).toEqual([
      {
        kind: 'copy', src: 1, srcPath: '/src', destPath: '/app/',
        owner: { user: { name: 'app' }, group: { name: 'staff' } }, mode: 0o755,
        followSymlink: true, dirCopyContents: true, attemptUnpackDockerCompatibility: false, createDestPath: true,
        allowWildcard: true, allowEmptyWildcard: true, excludePatterns: ['*.md'], parents: true, timestamp: undefined,
      },
    ]);
    // BuildKit >= 0.13 names --parents, --chown and --chmod (expanded) in the history line.
    expect(r.image.history?.at(-1)?.created_by).toBe('COPY --parents --chown=app:staff --chmod=0755 src/ ./ # buildkit');
  });

  it.each([
    ['--link', 'merge'],
    ['--link --chmod=644', 'file'],
    ['--link --chmod=$M', 'file'],
    ['--link --chmod=$NONE', 'merge'],
  ])('COPY %s is a %s step (BuildKit links only a copy without --chmod)', async (flags, kind) => {
    const r = await compile(`FROM alpine\nARG M=600\nCOPY ${flags} a /d/a\n`);
    expect(r.definition.vertices.get(r.root!.vertex)!.op.kind).toBe(kind);
  });

  it.each([
    ['./a/./d/e.txt', '/a/./d/e.txt'],
    ['x/../a/./d/./e', '/a/./d/./e'],
    ['/./a/b', '/./a/b'],
    ['./a/b', '/a/b'],
  ])('COPY --parents %s pivots at the first /./ as written (srcPath %s)', async (src, srcPath) => {
    const { actions } = rootCopy(await compile(`FROM alpine\nCOPY --parents ${src} /p/\n`));
    expect(actions[0]).toMatchObject({ srcPath, parents: true });
  });

  it.each([
    ['7:', { user: { id: 7 }, group: { id: 0 } }],
    ['7:root', { user: { id: 7 }, group: { id: 0 } }],
    ['root', { user: { id: 0 } }],
    [':staff', { user: { id: 0 }, group: { name: 'staff' } }],
    ['+12:app', { user: { id: 12 }, group: { name: 'app' } }],
    ['99999999999', { user: { name: '99999999999' } }],
  ])('reads --chown=%s as LLB WithUser does (root and an empty side are ids)', async (spec, owner) => {
    const { actions } = rootCopy(await compile(`FROM alpine\nCOPY --chown=${spec} a /a\n`));
    expect(actions[0]).toMatchObject({ owner });
  });

  it('symbolic chmod stays a string; a bad one is an error', async () => {
    const { actions } = rootCopy(await compile('FROM alpine\nCOPY --chmod=u+x,g-w a /a\n'));
    expect(actions[0]).toMatchObject({ mode: 'u+x,g-w' });
    await expect(compile('FROM alpine\nCOPY --chmod=99999 a /a\n')).rejects.toThrow(/Dockerfile:2.*invalid chmod/);
  });

  it.each([
    ['u+x-w,g=u', 'u+x-w,g=u'],
    ['=', '='],
    ['0644', 0o644],
  ])('takes --chmod=%s as BuildKit does', async (spec, mode) => {
    const { actions } = rootCopy(await compile(`FROM alpine\nCOPY --chmod=${spec} a /a\n`));
    expect(actions[0]).toMatchObject({ mode });
  });

  it.each([
    ['10000', "invalid chmod parameter: '10000'. it should be octal string and between 0 and 07777"],
    ['64a', "invalid chmod parameter: '64a'. it should be octal string and between 0 and 07777"],
    ['8', "invalid chmod parameter: '8'. it should be octal string and between 0 and 07777"],
    ['u+q', 'invalid syntax'],
    ['rwx', 'invalid syntax'],
    ['u+x,', 'invalid syntax'],
  ])('rejects --chmod=%s with BuildKit\'s message', async (spec, message) => {
    await expect(compile(`FROM alpine\nCOPY --chmod=${spec} a /a\n`)).rejects.toThrow(message);
  });

  it('checks --chmod only in stages that are built', async () => {
    const r = await compile('FROM alpine AS unused\nCOPY --chmod=u+q a /a\nFROM alpine\nCOPY a /a\n');
    expect(rootCopy(r).actions).toHaveLength(1);
  });

  it('COPY --from by stage index and by image; the image is resolved for the stage platform', async () => {
    const resolver = new FakeResolver();
    const r = await compile('FROM alpine\nRUN gen\nFROM scratch\nCOPY --from=0 /out /a\nCOPY --from=busybox:1 /bin/sh /sh\n', { resolver });
    expect(resolver.calls).toEqual(['alpine', 'busybox:1']);
    expect(r.image.history?.map((h) => h.created_by)).toEqual(['COPY /out /a # buildkit', 'COPY /bin/sh /sh # buildkit']);
    expect(rootCopy(r).actions[0]).toMatchObject({ src: 1, srcPath: '/bin/sh', destPath: '/sh' });
  });

  it('ADD unpacks local archives unless --unpack=false, fetches URLs as http sources', async () => {
    const local = rootCopy(await compile('FROM alpine\nADD app.tar.gz /opt/\n'));
    expect(local.actions[0]).toMatchObject({ attemptUnpackDockerCompatibility: true });
    const off = rootCopy(await compile('FROM alpine\nADD --unpack=false app.tar.gz /opt/\n'));
    expect(off.actions[0]).toMatchObject({ attemptUnpackDockerCompatibility: false });
    const r = await compile('FROM alpine\nADD --checksum=sha256:abc https://example.com/dl/tool.bin?x=1 /usr/bin/\n');
    expect(sources(r)).toContainEqual({ type: 'http', url: 'https://example.com/dl/tool.bin?x=1', checksum: 'sha256:abc', filename: 'tool.bin' });
    expect(rootCopy(r).actions[0]).toMatchObject({ srcPath: '/tool.bin', destPath: '/usr/bin/tool.bin', attemptUnpackDockerCompatibility: false });
  });

  it('ADD of a git URL copies the repository pinned to the resolved commit, never unpacked', async () => {
    const asked: string[] = [];
    const commit = 'ab'.repeat(20);
    const resolveGit = (url: string, remote: string, ref: string): Promise<string> => {
      asked.push(`${url} ${remote} ${ref}`);
      return Promise.resolve(commit);
    };
    const r = await compile('FROM alpine\nADD --keep-git-dir --checksum=abab https://example.com/o/r.git#v1:sub /src\n', { resolveGit });
    expect(asked).toEqual(['https://example.com/o/r.git#v1:sub https://example.com/o/r.git v1']);
    expect(sources(r)).toContainEqual({ type: 'git', remote: 'https://example.com/o/r.git', ref: 'v1', commit, subdir: 'sub', keepGitDir: true });
    expect(rootCopy(r).actions[0]).toMatchObject({ srcPath: '/', destPath: '/src', dirCopyContents: true, attemptUnpackDockerCompatibility: false });
    const plain = await compile('FROM alpine\nADD git@example.com:o/r.git /src/\n', { resolveGit });
    expect(sources(plain)).toContainEqual({ type: 'git', remote: 'git@example.com:o/r.git', ref: '', commit });
  });

  it('a remote main context replaces the local source for COPY and RUN --mount', async () => {
    const ctx = await compile('FROM scratch\nADD git://h/r.git /x\n', { resolveGit: () => Promise.resolve('cd'.repeat(20)) });
    const remoteContext = { definition: ctx.definition, root: ctx.root };
    const r = await compile('FROM alpine\nCOPY a /a\nRUN --mount=target=/m cat /m/b\n', { remoteContext });
    expect(sources(r).some((s) => s.type === 'local')).toBe(false);
    expect(sources(r)).toContainEqual(expect.objectContaining({ type: 'git', remote: 'git://h/r.git' }));
  });

  it('COPY never unpacks and a whole-context COPY selects everything', async () => {
    const r = await compile('FROM alpine\nCOPY . /src\n');
    expect(rootCopy(r).actions[0]).toMatchObject({ srcPath: '/', attemptUnpackDockerCompatibility: false });
    expect(sources(r).find((s) => s.type === 'local')).toEqual({ type: 'local', name: 'context' });
  });
});
