// Graph shape: sharing, pruning, args and platforms in digests, named contexts.
import { describe, expect, it } from 'vitest';
import { mergeDefinitions } from '../../../../../src/engine/graph/definition.js';
import type { Vertex } from '../../../../../src/engine/graph/op.js';
import type { CompileResult } from '../../../../../src/engine/frontend/dockerfile/convert/types.js';
import { FakeResolver, amd64, arm64, compile, imageConfig } from './helpers.js';

const MULTI = `FROM alpine AS base
RUN apk add make
FROM base AS one
RUN echo one
FROM base AS two
RUN echo two
FROM busybox AS broken
RUN exit 1
`;

function execs(r: CompileResult): Vertex[] {
  return [...r.definition.vertices.values()].filter((v) => v.op.kind === 'exec');
}

function execArgs(r: CompileResult): string[] {
  return execs(r).map((v) => (v.op.kind === 'exec' ? v.op.exec.args.at(-1)! : ''));
}

describe('compileDockerfile graph', () => {
  it('two targets sharing a base stage share its vertices', async () => {
    const one = await compile(MULTI, { target: 'one', targetName: 'one' });
    const two = await compile(MULTI, { target: 'two', targetName: 'two' });
    const merged = mergeDefinitions(mergeDefinitions({ vertices: new Map(), meta: new Map() }, one.definition), two.definition);
    const shared = [...merged.meta.entries()].filter(([, m]) => m.targets?.length === 2).map(([, m]) => m.name);
    expect(shared).toHaveLength(2);
    expect(shared.some((n) => n.endsWith('RUN apk add make'))).toBe(true);
    expect(merged.vertices.size).toBe(4);
  });

  it('a target stage prunes the rest: no vertex and no image resolution', async () => {
    const resolver = new FakeResolver();
    const r = await compile(MULTI, { target: 'one', resolver });
    expect(execArgs(r).sort()).toEqual(['apk add make', 'echo one']);
    expect(resolver.calls).toEqual(['alpine']);
    expect(r.image.history?.at(-1)?.created_by).toBe('RUN /bin/sh -c echo one # buildkit');
  });

  it('an unused build arg leaves digests alone; a used one changes them', async () => {
    const text = 'FROM alpine\nARG USED\nRUN make\n';
    const plain = await compile(text);
    const unused = await compile(text, { buildArgs: { OTHER: '1' } });
    const used = await compile(text, { buildArgs: { USED: '1' } });
    expect(unused.root).toEqual(plain.root);
    expect(unused.warnings).toContain('[Warning] One or more build-args [OTHER] were not consumed');
    expect(used.root).not.toEqual(plain.root);
    expect(used.warnings).toEqual([]);
  });

  it('another platform changes the digests; a --platform=$BUILDPLATFORM stage stays shared', async () => {
    const text = 'FROM --platform=$BUILDPLATFORM alpine AS tools\nRUN gen\nFROM alpine\nCOPY --from=tools /out /out\n';
    const a = await compile(text);
    const b = await compile(text, { platform: arm64 });
    expect(a.root).not.toEqual(b.root);
    expect(b.image.architecture).toBe('arm64');
    const gen = (r: CompileResult) => execs(r).map((v) => JSON.stringify(v));
    expect(gen(a)).toEqual(gen(b));
  });

  it('a named context replaces a FROM image and a whole stage', async () => {
    const resolver = new FakeResolver();
    const text = 'FROM alpine AS deps\nRUN slow\nFROM alpine\nCOPY --from=deps /x /x\n';
    const r = await compile(text, {
      resolver,
      namedContexts: { alpine: { kind: 'image', ref: 'mirror/alpine:3' }, deps: { kind: 'local', name: '/src/deps', excludes: [] } },
    });
    expect(resolver.calls).toEqual(['mirror/alpine:3']);
    expect(execArgs(r)).toEqual([]);
    const sources = [...r.definition.vertices.values()].flatMap((v) => (v.op.kind === 'source' ? [v.op.source] : []));
    expect(sources.map((s) => s.type).sort()).toEqual(['image', 'local']);
  });

  it('a target: named context is an edge into the other target graph', async () => {
    const base = await compile('FROM alpine\nRUN build-base\n', { targetName: 'base' });
    const r = await compile('FROM base\nRUN more\n', {
      namedContexts: { base: { kind: 'target', root: base.root, image: base.image, definition: base.definition } },
    });
    const run = execs(r).find((v) => v.op.kind === 'exec' && v.op.exec.args.includes('more'))!;
    expect(run.inputs[0]).toEqual(base.root);
    expect(r.definition.vertices.has(base.root!.vertex)).toBe(true);
  });

  it('COPY selects only its paths from the context, with the dockerignore excludes', async () => {
    const r = await compile('FROM scratch\nCOPY src/a.txt ./b/ /app/\n', { contextExcludes: ['*.log'] });
    const local = [...r.definition.vertices.values()].find((v) => v.op.kind === 'source')!;
    expect(local.op).toEqual({ kind: 'source', source: { type: 'local', name: 'context', include: ['src/a.txt', 'b'], exclude: ['*.log'] } });
  });

  it('meta args expand FROM, with build args overriding defaults', async () => {
    const resolver = new FakeResolver();
    await compile('ARG V=3.18\nARG IMG=alpine:${V}\nFROM $IMG\n', { resolver });
    await compile('ARG V=3.18\nARG IMG=alpine:${V}\nFROM $IMG\n', { resolver, buildArgs: { V: '3.19' } });
    expect(resolver.calls).toEqual(['alpine:3.18', 'alpine:3.19']);
  });

  it('RUN mounts map to exec mounts with stage dependencies', async () => {
    const text = 'FROM alpine AS src\nRUN gen\nFROM alpine\nRUN --mount=type=cache,target=/root/.cache --mount=from=src,source=/out,target=/in --mount=type=secret,id=tok make\n';
    const r = await compile(text, { buildArgs: { BUILDKIT_CACHE_MOUNT_NS: 'ns' } });
    const run = execs(r).find((v) => v.op.kind === 'exec' && v.op.exec.args.at(-1) === 'make')!;
    if (run.op.kind !== 'exec') throw new Error('not exec');
    const mounts = run.op.exec.mounts.map((m) => ({ type: m.type, dest: m.dest, selector: m.selector, cache: m.cache, secret: m.secret?.id }));
    expect(mounts).toEqual([
      { type: 'bind', dest: '/', selector: undefined, cache: undefined, secret: undefined },
      { type: 'cache', dest: '/root/.cache', selector: undefined, cache: { id: 'ns//root/.cache', sharing: 'shared' }, secret: undefined },
      { type: 'bind', dest: '/in', selector: '/out', cache: undefined, secret: undefined },
      { type: 'secret', dest: '/run/secrets/tok', selector: undefined, cache: undefined, secret: 'tok' },
    ]);
    expect(execArgs(r)).toContain('gen');
  });

  it('ONBUILD triggers of the base image run first and are cleared', async () => {
    const resolver = new FakeResolver({ parent: imageConfig({ OnBuild: ['RUN echo trigger'] }) });
    const r = await compile('FROM parent\nONBUILD RUN echo next\n', { resolver });
    expect(execArgs(r)).toEqual(['echo trigger']);
    expect(r.image.config.OnBuild).toEqual(['RUN echo next']);
  });

  it('COPY --link copies onto scratch and merges', async () => {
    const r = await compile('FROM alpine\nCOPY --link a /a\n');
    const root = r.definition.vertices.get(r.root!.vertex)!;
    expect(root.op.kind).toBe('merge');
    expect(root.inputs).toHaveLength(2);
  });

  it('proxy build args reach RUN as proxyEnv only', async () => {
    const r = await compile('FROM alpine\nRUN curl x\n', { buildArgs: { HTTP_PROXY: 'http://p' } });
    const run = execs(r)[0]!;
    expect(run.op.kind === 'exec' && run.op.exec.proxyEnv).toEqual(['HTTP_PROXY=http://p', 'http_proxy=http://p']);
    expect(run.op.kind === 'exec' && run.op.exec.env.some((e) => e.startsWith('HTTP_PROXY'))).toBe(false);
    expect(r.warnings).toEqual([]);
  });

  it('a proxy build arg sets both spellings, as BuildKit\'s ProxyEnv; an empty one sets neither', async () => {
    const r = await compile('FROM alpine\nRUN curl x\n', { buildArgs: { https_proxy: 'http://s', NO_PROXY: 'local', ftp_proxy: '' } });
    const run = execs(r)[0]!;
    expect(run.op.kind === 'exec' && run.op.exec.proxyEnv).toEqual(['HTTPS_PROXY=http://s', 'https_proxy=http://s', 'NO_PROXY=local', 'no_proxy=local']);
  });

  it('automatic platform args are visible once declared in a stage', async () => {
    const r = await compile('FROM alpine\nARG TARGETARCH TARGETVARIANT\nRUN echo\n', { platform: { os: 'linux', architecture: 'arm', variant: 'v7' } });
    const run = execs(r)[0]!;
    expect(run.op.kind === 'exec' && run.op.exec.env.slice(1)).toEqual(['TARGETARCH=arm', 'TARGETVARIANT=v7']);
    expect(run.platform).toEqual({ os: 'linux', architecture: 'arm', variant: 'v7' });
    expect(amd64.architecture).toBe('amd64');
  });
});

describe('named context keys', () => {
  it('match the familiar name without :latest', async () => {
    const resolver = new FakeResolver();
    const namedContexts = { alpine: { kind: 'image' as const, ref: 'mirror/alpine' }, 'node:20': { kind: 'image' as const, ref: 'mirror/node' } };
    await compile('FROM docker.io/library/alpine:latest AS first\nFROM node:20\nFROM node:22\n', { resolver, namedContexts, target: 'first' });
    await compile('FROM node:20\n', { resolver, namedContexts });
    await compile('FROM node:22\n', { resolver, namedContexts });
    expect(resolver.calls).toEqual(['mirror/alpine', 'mirror/node', 'node:22']);
  });
});

describe('step names and sources', () => {
  it('name steps as BuildKit does, prefixed with the bake target', async () => {
    const r = await compile('FROM alpine AS build\nrun make\nCOPY a /a\nFROM scratch\nCOPY --from=build /a /a\n', { multiPlatform: true, platform: arm64 });
    const names = [...r.definition.meta.values()].map((m) => m.name).sort();
    expect(names).toContain('[app linux/arm64 build 2/3] RUN make');
    expect(names).toContain('[app linux/arm64 build 3/3] COPY a /a');
    expect(names).toContain('[app linux/arm64 2/2] COPY --from=build /a /a');
    expect(names).toContain('[app linux/arm64 build 1/3] FROM alpine');
    const run = [...r.definition.meta.values()].find((m) => m.name.endsWith('RUN make'));
    expect(run?.source).toEqual({ file: 'Dockerfile', startLine: 2, endLine: 2 });
    expect(run?.targets).toEqual(['app']);
    const from = [...r.definition.meta.values()].find((m) => m.name.endsWith('FROM alpine'));
    expect(from?.source).toEqual({ file: 'Dockerfile', startLine: 1, endLine: 1 });
  });
});

describe('stage bases', () => {
  it('a stage built FROM another keeps its platform and its ARG values, as BuildKit', async () => {
    const text = 'FROM --platform=$BUILDPLATFORM alpine AS tools\nARG V=1\nFROM tools AS gen\nRUN generate\n';
    const r = await compile(text, { platform: arm64 });
    const run = execs(r)[0]!;
    expect(run.platform).toEqual(amd64);
    expect(run.op.kind === 'exec' && run.op.exec.env).toContain('V=1');
    expect(r.image.history?.at(-1)?.created_by).toBe('RUN |1 V=1 /bin/sh -c generate # buildkit');
  });
});

describe('stage references', () => {
  it('COPY --from and --mount from= must name an earlier stage; only reached stages are built', async () => {
    const resolver = new FakeResolver();
    const r = await compile('FROM busybox AS b\nRUN make-x\nFROM debian AS c\nRUN no\nFROM alpine AS a\nCOPY --from=b /x /x\n', { target: 'a', resolver });
    expect(resolver.calls.sort()).toEqual(['alpine', 'busybox']);
    expect(execArgs(r)).toEqual(['make-x']);
    await expect(compile('FROM alpine AS a\nCOPY --from=b /x /x\nFROM busybox AS b\n', { target: 'a' })).rejects.toThrow(
      /Dockerfile:2,.*cannot copy from stage "b", it needs to be defined before current stage "a"/,
    );
    await expect(compile('FROM alpine AS a\nRUN --mount=from=1,target=/m true\nFROM busybox\n', { target: 'a' })).rejects.toThrow(
      'cannot mount from stage "1" to "/m", stage needs to be defined before current command',
    );
  });
});

describe('step display names', () => {
  it('fill in the variables the stage knows and keep quotes and unknown ones', async () => {
    const r = await compile('FROM alpine\nARG V=1.2\nRUN apk add "curl=$V" && echo $HOME\n');
    const names = [...r.definition.meta.values()].map((m) => m.name);
    expect(names).toContain('[app 3/3] RUN apk add "curl=1.2" && echo $HOME');
  });
});
