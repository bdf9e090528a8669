// Edge cases of config instructions, mounts and the Go-style formatting of history strings.
import { describe, expect, it } from 'vitest';
import { goDuration, goRune } from '../../../../../src/engine/frontend/dockerfile/convert/image.js';
import { namedContextKey } from '../../../../../src/engine/frontend/dockerfile/convert/stages.js';
import { compile } from './helpers.js';

describe('config instruction edge cases', () => {
  it('rejects bad EXPOSE ports and STOPSIGNAL values with the line', async () => {
    await expect(compile('FROM scratch\nEXPOSE 80/tcp abc\n')).rejects.toThrow(/Dockerfile:2,.*invalid containerPort: abc/);
    await expect(compile('FROM scratch\nEXPOSE 80/xyz\n')).rejects.toThrow(/Dockerfile:2,.*invalid proto: xyz/);
    await expect(compile('FROM scratch\nSTOPSIGNAL SIGNOPE\n')).rejects.toThrow(/Dockerfile:2,.*invalid signal: SIGNOPE/);
    const ok = await compile('FROM scratch\nARG S=9\nSTOPSIGNAL $S\nEXPOSE 127.0.0.1:8080:80\n');
    expect(ok.image.config.StopSignal).toBe('9');
    expect(ok.image.config.ExposedPorts).toEqual({ '80/tcp': {} });
  });

  it('FROM names a stage only as its lower-cased name is written; COPY --from matches any case', async () => {
    await expect(compile('FROM alpine AS Builder\nRUN b\nFROM BUILDER\n')).rejects.toThrow(/repository name must be lowercase/);
    const r = await compile('FROM alpine AS Builder\nRUN b\nFROM builder\nCOPY --from=BUILDER /b /b\n');
    expect([...r.definition.meta.values()].some((m) => m.name.endsWith('RUN b'))).toBe(true);
  });

  it('ENTRYPOINT [] clears the entrypoint; HEALTHCHECK NONE disables', async () => {
    const r = await compile('FROM scratch\nENTRYPOINT ["a"]\nENTRYPOINT []\nHEALTHCHECK NONE\n');
    expect(r.image.config.Entrypoint).toBeNull();
    expect(r.image.config.Healthcheck).toEqual({ Test: ['NONE'] });
    expect(r.image.history?.[1]?.created_by).toBe('ENTRYPOINT []');
  });

  it('ONBUILD of a base stage runs in the child stage, with the dependencies it adds', async () => {
    const text = 'FROM alpine AS tools\nRUN make-tools\nFROM alpine AS parent\nONBUILD COPY --from=tools /t /t\nFROM parent\nRUN use\n';
    const r = await compile(text);
    const names = [...r.definition.meta.values()].map((m) => m.name);
    expect(names.some((n) => n.endsWith('RUN make-tools'))).toBe(true);
    expect(names.some((n) => n.endsWith('COPY --from=tools /t /t'))).toBe(true);
    expect(r.image.config.OnBuild).toBeNull();
  });

  it('tmpfs and ssh mounts', async () => {
    const r = await compile('FROM alpine\nRUN --mount=type=tmpfs,target=/t,size=1024 --mount=type=ssh --mount=type=ssh,id=gh,required=true ssh-add -l\n');
    const v = r.definition.vertices.get(r.root!.vertex)!;
    if (v.op.kind !== 'exec') throw new Error('not exec');
    expect(v.op.exec.mounts.slice(1)).toEqual([
      { type: 'tmpfs', input: 'scratch', dest: '/t', readonly: false, output: -1, tmpfs: { size: 1024 } },
      { type: 'ssh', input: 'scratch', dest: '/run/buildkit/ssh_agent.0', readonly: true, output: -1, ssh: { id: 'default', uid: 0, gid: 0, mode: 0o600, optional: true } },
      { type: 'ssh', input: 'scratch', dest: '/run/buildkit/ssh_agent.1', readonly: true, output: -1, ssh: { id: 'gh', uid: 0, gid: 0, mode: 0o600, optional: false } },
    ]);
  });

  it('COPY heredoc bodies expand with \\ as the escape whatever the escape directive', async () => {
    const r = await compile('# escape=`\nFROM scratch\nARG X=v\nCOPY <<f.txt /\na \\$X b `$X\nf.txt\n');
    const mkfile = [...r.definition.vertices.values()].find((v) => v.op.kind === 'file' && v.op.file.actions[0]?.kind === 'mkfile');
    expect(mkfile?.op.kind === 'file' && mkfile.op.file.actions[0]).toMatchObject({ path: '/f.txt', data: 'a $X b `v\n' });
  });

  it('COPY heredoc takes the --chmod mode', async () => {
    const r = await compile('FROM scratch\nCOPY --chmod=0755 <<run.sh /usr/bin/\necho hi\nrun.sh\n');
    const mkfile = [...r.definition.vertices.values()].find((v) => v.op.kind === 'file' && v.op.file.actions[0]?.kind === 'mkfile');
    expect(mkfile?.op.kind === 'file' && mkfile.op.file.actions[0]).toMatchObject({ path: '/run.sh', mode: 0o755, data: 'echo hi\n' });
  });
});

describe('Go formatting', () => {
  it('formats durations and runes as Go prints them', () => {
    expect([0, 5e8, 1e9, 90e9, 3600e9 + 1e9, 1500].map(goDuration)).toEqual(['0s', '500ms', '1s', '1m30s', '1h0m1s', '1.5µs']);
    expect([0, 3, 65].map(goRune)).toEqual(["'\\x00'", "'\\x03'", "'A'"]);
  });

  it('named context keys use the familiar name', () => {
    expect(['docker.io/library/alpine:latest', 'Docker.io/me/app:1', 'alpine@sha256:ab'].map(namedContextKey)).toEqual([
      'alpine',
      'me/app:1',
      'alpine@sha256:ab',
    ]);
  });
});
