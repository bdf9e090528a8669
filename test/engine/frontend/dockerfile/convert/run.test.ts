// RUN: exec and shell forms, heredocs, network/security, env and the sandbox hostname.
import { describe, expect, it } from 'vitest';
import type { ExecOp, Vertex } from '../../../../../src/engine/graph/op.js';
import type { CompileResult } from '../../../../../src/engine/frontend/dockerfile/convert/types.js';
import { compile } from './helpers.js';

function lastExec(r: CompileResult): { exec: ExecOp; vertex: Vertex } {
  const vertex = r.definition.vertices.get(r.root!.vertex)!;
  if (vertex.op.kind !== 'exec') throw new Error(`root is ${vertex.op.kind}`);
  return { exec: vertex.op.exec, vertex };
}

describe('RUN', () => {
  it('exec form runs as written; shell form behind SHELL; nothing is expanded by the frontend', async () => {
    expect(lastExec(await compile('FROM alpine\nENV V=1\nRUN ["echo", "$V"]\n')).exec.args).toEqual(['echo', '$V']);
    const r = await compile('FROM alpine\nSHELL ["/bin/bash", "-eu", "-c"]\nRUN echo $V\n');
    expect(lastExec(r).exec.args).toEqual(['/bin/bash', '-eu', '-c', 'echo $V']);
    expect(r.image.history?.at(-1)?.created_by).toBe('RUN /bin/bash -eu -c echo $V # buildkit');
  });

  it('a lone heredoc is the script; with #! it is written to a file and run', async () => {
    const plain = await compile('FROM alpine\nRUN <<EOF\necho a\necho b\nEOF\n');
    expect(lastExec(plain).exec.args).toEqual(['/bin/sh', '-c', 'echo a\necho b\n']);
    const shebang = lastExec(await compile('FROM alpine\nRUN <<EOF\n#!/usr/bin/env python3\nprint(1)\nEOF\n'));
    expect(shebang.exec.args).toEqual(['/dev/pipes/EOF']);
    expect(shebang.exec.mounts[1]).toMatchObject({ dest: '/dev/pipes/', readonly: true, output: -1 });
    const mixed = lastExec(await compile('FROM alpine\nRUN cat <<EOF > /f\nhello\nEOF\n'));
    expect(mixed.exec.args).toEqual(['/bin/sh', '-c', 'cat <<EOF > /f\nhello\nEOF']);
    // A heredoc opener followed by a command is not a lone heredoc: the shell gets it all.
    const led = lastExec(await compile("FROM alpine\nRUN <<EOT sh -c 'cat > /f'\npiped\nEOT\n"));
    expect(led.exec.args).toEqual(['/bin/sh', '-c', "<<EOT sh -c 'cat > /f'\npiped\nEOT"]);
  });

  it('cwd, user, env, network, security and hostname', async () => {
    const r = await compile('FROM alpine\nWORKDIR /w\nUSER app\nARG A=1\nENV E=2\nRUN --network=none --security=insecure id\n', {
      buildArgs: { BUILDKIT_SANDBOX_HOSTNAME: 'box' },
    });
    const { exec, vertex } = lastExec(r);
    expect(exec).toMatchObject({ cwd: '/w', user: 'app', network: 'none', security: 'insecure', hostname: 'box' });
    expect(exec.env.slice(1)).toEqual(['A=1', 'E=2']);
    expect(r.image.config.Env?.some((e) => e.startsWith('A='))).toBe(false);
    expect(vertex.platform).toEqual({ os: 'linux', architecture: 'amd64' });
    expect(r.warnings).toEqual([]);
    const host = lastExec(await compile('FROM alpine\nRUN --network=default id\n', { network: 'host', extraHosts: { db: '10.0.0.2' } }));
    expect(host.exec.network).toBe('host');
    expect(host.exec.extraHosts).toEqual([{ host: 'db', ip: '10.0.0.2' }]);
  });

  it('an ssh mount sets SSH_AUTH_SOCK to the first ssh path, forwarded or not, unless the env has it', async () => {
    const two = lastExec(await compile('FROM alpine\nRUN --mount=type=ssh,id=a,target=/tmp/a.sock --mount=type=ssh true\n')).exec;
    expect(two.env.filter((e) => e.startsWith('SSH_AUTH_SOCK='))).toEqual(['SSH_AUTH_SOCK=/tmp/a.sock']);
    const set = lastExec(await compile('FROM alpine\nENV SSH_AUTH_SOCK=/mine\nRUN --mount=type=ssh true\n')).exec;
    expect(set.env.filter((e) => e.startsWith('SSH_AUTH_SOCK='))).toEqual(['SSH_AUTH_SOCK=/mine']);
    expect(lastExec(await compile('FROM alpine\nRUN true\n')).exec.env.some((e) => e.startsWith('SSH_AUTH_SOCK='))).toBe(false);
  });

  it('a relative secret or ssh target is mounted under WORKDIR, as runc mounts it, and SSH_AUTH_SOCK keeps it as written', async () => {
    // Checked with docker 20.10: `target=rel/s` under WORKDIR /w is read at /w/rel/s, `../up/s` at
    // /up/s, and `--mount=type=ssh,target=relsock` gives SSH_AUTH_SOCK=relsock.
    const df = 'FROM alpine\nWORKDIR /w\nRUN --mount=type=secret,id=s,target=rel/s --mount=type=secret,id=t,target=../up/t --mount=type=ssh,target=relsock true\n';
    const { exec } = lastExec(await compile(df));
    expect(exec.mounts.slice(1).map((m) => m.dest)).toEqual(['/w/rel/s', '/up/t', '/w/relsock']);
    expect(exec.env.filter((e) => e.startsWith('SSH_AUTH_SOCK='))).toEqual(['SSH_AUTH_SOCK=relsock']);
  });

  it('a secret without a target is /run/secrets/ and the last element of its id', async () => {
    const { exec } = lastExec(await compile('FROM alpine\nRUN --mount=type=secret,id=dir/s1 --mount=type=secret,id=plain true\n'));
    expect(exec.mounts.slice(1).map((m) => [m.secret?.id, m.dest])).toEqual([
      ['dir/s1', '/run/secrets/s1'],
      ['plain', '/run/secrets/plain'],
    ]);
  });

  it('--no-cache and no-cache-filter mark the steps of the stage', async () => {
    const text = 'FROM alpine AS dep\nRUN a\nFROM alpine AS app\nCOPY --from=dep /a /a\nRUN b\n';
    const all = await compile(text, { noCache: true });
    expect(lastExec(all).vertex.ignoreCache).toBe(true);
    const filtered = await compile(text, { noCacheFilter: ['dep'] });
    expect(lastExec(filtered).vertex.ignoreCache).toBeUndefined();
    const dep = [...filtered.definition.vertices.values()].find((v) => v.op.kind === 'exec' && v.op.exec.args.at(-1) === 'a');
    expect(dep?.ignoreCache).toBe(true);
  });
});

describe('RUN --mount inputs', () => {
  it('a context bind selects only its source; a cache with uid/gid starts from a prepared dir', async () => {
    const r = await compile('FROM alpine\nRUN --mount=source=go.sum,target=/go.sum --mount=type=cache,target=/c,uid=1000,mode=0700 go mod download\n');
    const { exec, vertex } = lastExec(r);
    const bindInput = r.definition.vertices.get(vertex.inputs[exec.mounts[1]!.input as number]!.vertex)!;
    expect(bindInput.op).toEqual({ kind: 'source', source: { type: 'local', name: 'context', include: ['go.sum'] } });
    expect(exec.mounts[1]).toMatchObject({ selector: '/go.sum', readonly: true });
    const cacheInput = r.definition.vertices.get(vertex.inputs[exec.mounts[2]!.input as number]!.vertex)!;
    expect(cacheInput.op).toMatchObject({ kind: 'file', file: { actions: [{ kind: 'mkdir', path: '/cache', mode: 0o700, owner: { user: { id: 1000 } } }] } });
    expect(exec.mounts[2]).toMatchObject({ selector: '/cache', readonly: false, cache: { id: '/c', sharing: 'shared' } });
  });
});
