// The image config and history BuildKit writes, for representative Dockerfiles.
import { describe, expect, it } from 'vitest';
import type { HistoryEntry, ImageConfig } from '../../../../../src/engine/oci/types.js';
import { FakeResolver, compile, imageConfig } from './helpers.js';

const PATH = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

function createdBy(image: { history?: { created_by?: string; empty_layer?: boolean }[] }): string[] {
  return (image.history ?? []).map((h) => `${h.empty_layer ? '-' : '+'} ${h.created_by}`);
}

describe('compileDockerfile image config', () => {
  it('metadata instructions on scratch', async () => {
    const r = await compile(
      'FROM scratch\nEXPOSE 8080 9000-9001/UDP\nVOLUME ["/data"]\nVOLUME /x /y\nLABEL a=1 "k v"="w x"\nSTOPSIGNAL SIGTERM\nENV E="" S="  s  "\nMAINTAINER me\n',
      { labels: { extra: 'yes' } },
    );
    expect(r.root).toBeNull();
    expect(r.image.config).toEqual({
      Env: [PATH, 'E=', 'S=  s  '],
      WorkingDir: '/',
      ExposedPorts: { '8080/tcp': {}, '9000/udp': {}, '9001/udp': {} },
      Volumes: { '/data': {}, '/x': {}, '/y': {} },
      Labels: { a: '1', 'k v': 'w x', extra: 'yes' },
      StopSignal: 'SIGTERM',
    });
    expect(r.image.author).toBe('me');
    expect(createdBy(r.image)).toEqual([
      '- EXPOSE map[8080/tcp:{} 9000/udp:{} 9001/udp:{}]',
      '- VOLUME [/data]',
      '- VOLUME [/x /y]',
      '- LABEL a=1 k v=w x',
      '- STOPSIGNAL SIGTERM',
      '- ENV E= S=  s  ',
      '- MAINTAINER me',
    ]);
    expect(r.image.history?.[0]?.comment).toBe('buildkit.dockerfile.v0');
  });

  it('RUN history lists the stage args; ENV values expand with the env before the instruction', async () => {
    const r = await compile('FROM alpine\nARG V=1\nENV A=first\nENV A=second B=$A\nRUN echo "$V" > /f\n', { buildArgs: { V: 'cli' } });
    expect(r.image.config.Env).toEqual([PATH, 'A=second', 'B=first']);
    expect(createdBy(r.image).slice(1)).toEqual([
      '- ARG V=1',
      '- ENV A=first',
      '- ENV A=second B=first',
      '+ RUN |1 V=cli /bin/sh -c echo "$V" > /f # buildkit',
    ]);
  });

  it('WORKDIR resolves relative paths and creates the dir owned by USER; USER stays verbatim', async () => {
    const r = await compile('FROM alpine\nWORKDIR /a\nWORKDIR b/../c\nUSER 1000:1000\nWORKDIR /home/u\nUSER root\n');
    expect(r.image.config.WorkingDir).toBe('/home/u');
    expect(r.image.config.User).toBe('root');
    expect(createdBy(r.image).slice(1)).toEqual(['+ WORKDIR /a', '+ WORKDIR /a/c', '- USER 1000:1000', '+ WORKDIR /home/u', '- USER root']);
    const mkdir = r.definition.vertices.get(r.root!.vertex)!;
    expect(mkdir.op).toEqual({
      kind: 'file',
      file: { base: 0, actions: [{ kind: 'mkdir', path: '/home/u', mode: 0o755, makeParents: true, owner: { user: { id: 1000 }, group: { id: 1000 } } }] },
    });
  });

  it('WORKDIR keeps an absolute path as written in the config and history (BuildKit\'s NormalizeWorkdir), mkdir gets it cleaned', async () => {
    const r = await compile('FROM alpine\nWORKDIR /app/\nWORKDIR /a/../b/./c/\nWORKDIR d/\n');
    expect(r.image.config.WorkingDir).toBe('/b/c/d');
    expect(createdBy(r.image).slice(1)).toEqual(['+ WORKDIR /app/', '+ WORKDIR /a/../b/./c/', '+ WORKDIR /b/c/d']);
    const r2 = await compile('FROM alpine\nWORKDIR /srv/\n');
    expect(r2.image.config.WorkingDir).toBe('/srv/');
    const mkdir = r2.definition.vertices.get(r2.root!.vertex)!;
    expect(mkdir.op.kind === 'file' && mkdir.op.file.actions[0]).toMatchObject({ kind: 'mkdir', path: '/srv' });
  });

  it('CMD/ENTRYPOINT/SHELL: shell forms use SHELL, ENTRYPOINT resets an inherited CMD', async () => {
    const resolver = new FakeResolver({ base: imageConfig({ Cmd: ['base-cmd'] }) });
    const r = await compile('FROM base\nSHELL ["/bin/bash", "-c"]\nENTRYPOINT run me\n', { resolver });
    expect(r.image.config.Entrypoint).toEqual(['/bin/bash', '-c', 'run me']);
    expect(r.image.config.Cmd).toBeNull();
    expect(createdBy(r.image).slice(1)).toEqual(['- SHELL [/bin/bash -c]', '- ENTRYPOINT ["/bin/bash" "-c" "run me"]']);
    const kept = await compile('FROM base\nCMD ["x", "y"]\nENTRYPOINT ["ep"]\n', { resolver });
    expect(kept.image.config.Cmd).toEqual(['x', 'y']);
    expect(kept.image.config.ArgsEscaped).toBe(true);
    expect(createdBy(kept.image).at(1)).toBe('- CMD ["x" "y"]');
  });

  it('HEALTHCHECK durations in ns and BuildKit history form', async () => {
    const r = await compile('FROM alpine\nHEALTHCHECK --interval=30s --retries=3 CMD curl -f http://x/\n');
    expect(r.image.config.Healthcheck).toEqual({ Test: ['CMD-SHELL', 'curl -f http://x/'], Interval: 30e9, Retries: 3 });
    expect(createdBy(r.image).at(-1)).toBe(`- HEALTHCHECK &{["CMD-SHELL" "curl -f http://x/"] "30s" "0s" "0s" "0s" '\\x03'}`);
  });

  it('COPY history and a stage base inheriting config', async () => {
    const r = await compile('FROM alpine AS base\nENV X=1\nLABEL l=1\nFROM base\nCOPY --chown=1 a b/ /d/\nCOPY <<EOF /f\nhi $X\nEOF\n');
    expect(r.image.config.Env).toEqual([PATH, 'X=1']);
    expect(r.image.config.Labels).toEqual({ l: '1' });
    expect(createdBy(r.image).slice(-2)).toEqual(['+ COPY --chown=1 a b/ /d/ # buildkit', '+ COPY <<EOF /f # buildkit']);
    const mkfile = [...r.definition.vertices.values()].find((v) => v.op.kind === 'file' && v.op.file.actions[0]?.kind === 'mkfile');
    expect(mkfile?.op.kind === 'file' && mkfile.op.file.actions[0]).toMatchObject({ path: '/EOF', data: 'hi 1\n', mode: 0o644 });
  });

  it('a base config keeps only the fields BuildKit decodes, without empty values', async () => {
    // What `docker import -c ...` or the legacy builder leaves in a config: Docker-only fields and empty values.
    const legacy = {
      ...imageConfig({ Env: ['A=1'], Cmd: ['c1'], Healthcheck: { Test: ['CMD', 'true'], Interval: 0, Retries: 2 } }),
      comment: 'Imported from -',
      docker_version: '20.10.24',
      container_config: { Hostname: 'h', Cmd: ['/bin/sh', '-c', '#(nop) CMD ["c1"]'] },
    } as ImageConfig;
    Object.assign(legacy.config, { Hostname: 'h', Domainname: '', AttachStdin: false, Image: 'sha256:0', User: '', Labels: null, Volumes: null, OnBuild: null });
    legacy.history = [{ created: '2020-01-01T00:00:00Z', comment: 'Imported from -', empty_layer: false, container_id: 'x' } as HistoryEntry];
    const r = await compile('FROM base\nENV B=2\n', { resolver: new FakeResolver({ base: legacy }) });
    expect(Object.keys(r.image).sort()).toEqual(['architecture', 'config', 'history', 'os', 'rootfs']);
    expect(r.image.config).toEqual({ Env: ['A=1', PATH, 'B=2'], Cmd: ['c1'], Healthcheck: { Test: ['CMD', 'true'], Retries: 2 } });
    expect(r.image.history?.[0]).toEqual({ created: '2020-01-01T00:00:00Z', comment: 'Imported from -' });
  });

  it('image platform follows the target platform; SOURCE_DATE_EPOCH dates history', async () => {
    const r = await compile('FROM alpine\nENV A=1\n', { platform: { os: 'linux', architecture: 'arm', variant: 'v7' }, sourceDateEpoch: 0 });
    expect([r.image.os, r.image.architecture, r.image.variant]).toEqual(['linux', 'arm', 'v7']);
    expect(r.image.history?.at(-1)?.created).toBe('1970-01-01T00:00:00Z');
    expect(r.image.created).toBe('1970-01-01T00:00:00Z');
  });
});

describe('compileDockerfile errors', () => {
  it('names the Dockerfile line', async () => {
    await expect(compile('FROM alpine\nFROM $EMPTY\n')).rejects.toThrow(/Dockerfile:2,1-12: base name \(\$EMPTY\) should not be blank/);
    await expect(compile('FROM alpine AS a\nCOPY --from=b /x /x\nFROM alpine AS b\nCOPY --from=a /y /y\n')).rejects.toThrow(
      /Dockerfile:2,.*circular dependency detected on stage: a/,
    );
    await expect(compile('FROM alpine\n', { target: 'nope' })).rejects.toThrow('target stage "nope" could not be found');
    await expect(compile('FROM alpine\nCOPY --from=$X /a /b\n')).rejects.toThrow(/Dockerfile:2.*variable expansion is not supported for --from/);
    const resolveGit = (): Promise<string> => Promise.resolve('c0ffee'.padEnd(40, '0'));
    await expect(compile('FROM alpine\nADD --checksum=abc https://github.com/a/b.git /src\n', { resolveGit })).rejects.toThrow(
      /Dockerfile:2,.*expected checksum to match abc for https:\/\/github.com\/a\/b.git, got c0ffee0/,
    );
    await expect(compile('FROM alpine\nCOPY --from=3 /a /b\n')).rejects.toThrow(/Dockerfile:2.*invalid stage index 3/);
    const failing = { resolve: () => Promise.reject(new Error('pull access denied for nope')) };
    await expect(compile('FROM scratch\nCOPY --from=nope /a /b\n', { resolver: failing })).rejects.toThrow(/Dockerfile:2,.*pull access denied for nope/);
  });
});
