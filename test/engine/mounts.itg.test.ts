// RUN --mount end to end through the CLI: cache dirs that outlive builds, binds from a stage
// (read-only, rw writes discarded), tmpfs with a size, secrets as files and env, the SSH agent.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBusyboxLayout } from '../helpers/busybox.js';
import { runBake } from '../helpers/cli.js';
import type { CliResult } from '../helpers/cli.js';
import { mountsUnder, unmountAll } from '../helpers/mounts.js';

const canBuild = process.getuid?.() === 0 && existsSync('/usr/sbin/runc') && existsSync('/usr/bin/ssh-agent');

const DOCKERFILE = `FROM base AS helper
RUN mkdir -p /data && echo fromstage > /data/f.txt
FROM base
ARG RUNID
RUN --mount=type=cache,id=c1,target=/cache,uid=1000,gid=1000,mode=0710 sh -c 'echo $RUNID >> /cache/log; wc -l < /cache/log > /count; stat -c "%u:%g %a" /cache > /cacheperm'
RUN --mount=type=cache,target=/c2,sharing=locked sh -c 'echo $RUNID >> /c2/log; wc -l < /c2/log > /count2'
RUN --mount=type=cache,id=seeded,target=/s,from=helper,source=/data sh -c 'cat /s/f.txt > /seeded'
RUN --mount=type=bind,from=helper,source=/data,target=/mnt sh -c 'cat /mnt/f.txt > /bound; echo x > /mnt/w 2>/dev/null || echo ro > /bindro'
RUN --mount=type=bind,from=helper,source=/data,target=/mnt,rw sh -c 'echo x > /mnt/w && cat /mnt/w > /bindrw'
RUN --mount=type=bind,target=/ctx sh -c 'cat /ctx/hello.txt > /fromctx'
RUN --mount=type=tmpfs,target=/t,size=1m sh -c 'df -k /t | tail -1 > /tmpfs; echo hi > /t/x'
RUN --mount=type=tmpfs,target=/t,ro sh -c 'touch /t/x 2>/dev/null && echo rw > /tmpfsro || echo ro > /tmpfsro'
RUN --mount=type=secret,id=tok,env=TOK sh -c 'test "$TOK" = value-1 && test ! -e /run/secrets/tok && echo ok > /secenv'
RUN --mount=type=secret,id=tok,env=TOK2,target=/run/secrets/tok,mode=0440,uid=5,gid=6 sh -c 'test "$TOK2" = value-1 && stat -c "%u:%g %a" /run/secrets/tok > /secfile'
RUN --mount=type=secret,id=file1,target=/etc/f1 sh -c 'cat /etc/f1 > /secsrc'
RUN --mount=type=secret,id=missing,required=false sh -c 'echo fine > /secopt'
RUN --mount=type=ssh sh -c 'test -S "$SSH_AUTH_SOCK" && echo sock > /ssh'
RUN --mount=type=ssh,id=other,target=/agent,required=false sh -c 'test ! -e /agent && echo none > /sshopt'
RUN --mount=type=ssh,uid=1000,mode=0600 sh -c 'stat -c "%u %a" "$SSH_AUTH_SOCK" > /sshowner'
`;

const BAKEFILE = (layout: string): string => `target "default" {
  contexts = { base = "oci-layout://${layout}:1" }
  args = { RUNID = "r1" }
  secret = ["id=tok,env=TOKVAR", "id=file1,src=secret-file.txt"]
  ssh = ["default"]
  output = ["type=local,dest=out"]
}
`;

describe.skipIf(!canBuild)('RUN --mount through the CLI', () => {
  let work: string;
  let agent: ChildProcess;
  let env: Record<string, string>;
  let first: CliResult;
  const out = (f: string): string => readFileSync(join(work, 'out', f), 'utf8').trim();

  beforeAll(async () => {
    const layout = await ensureBusyboxLayout();
    work = mkdtempSync(join(tmpdir(), 'bake-mounts-'));
    writeFileSync(join(work, 'Dockerfile'), DOCKERFILE);
    writeFileSync(join(work, 'docker-bake.hcl'), BAKEFILE(layout));
    writeFileSync(join(work, 'hello.txt'), 'from-context\n');
    writeFileSync(join(work, 'secret-file.txt'), 'file-secret');
    // Outputs and the agent socket change between builds: keep them out of the context.
    writeFileSync(join(work, '.dockerignore'), 'out\nagent.sock\n');
    const sock = join(work, 'agent.sock');
    agent = spawn('ssh-agent', ['-D', '-a', sock], { stdio: 'ignore' });
    for (let i = 0; i < 50 && !existsSync(sock); i++) await new Promise((r) => setTimeout(r, 100));
    // The state dir lives outside the build context, which is the work dir.
    env = { BAKE_STATE_DIR: mkdtempSync(join(tmpdir(), 'bake-mounts-state-')), TOKVAR: 'value-1', SSH_AUTH_SOCK: sock };
    first = await runBake(['--progress=plain'], { cwd: work, env });
  }, 240_000);

  afterAll(() => {
    agent?.kill();
    if (work) unmountAll(work);
    if (env) unmountAll(env['BAKE_STATE_DIR']!);
  });

  it('builds, leaving no mount behind', () => {
    expect(first.stderr).not.toContain('ERROR');
    expect(first.code).toBe(0);
    expect(mountsUnder(env['BAKE_STATE_DIR']!)).toEqual([]);
  });

  it('creates a cache dir with the uid, gid and mode asked, seeded from= a stage', () => {
    expect(out('cacheperm')).toBe('1000:1000 710');
    expect(out('count')).toBe('1');
    expect(out('seeded')).toBe('fromstage');
    expect(existsSync(join(work, 'out', 'cache', 'log'))).toBe(false);
  });

  it('binds a stage read-only by default, discards rw writes, and binds the context', () => {
    expect(out('bound')).toBe('fromstage');
    expect(out('bindro')).toBe('ro');
    expect(out('bindrw')).toBe('x');
    expect(out('fromctx')).toBe('from-context');
    expect(existsSync(join(work, 'out', 'mnt', 'w'))).toBe(false);
  });

  it('mounts a tmpfs of the given size whose files stay out of the image', () => {
    expect(out('tmpfs')).toMatch(/^tmpfs\s+1024\s/);
    expect(existsSync(join(work, 'out', 't', 'x'))).toBe(false);
    expect(out('tmpfsro')).toBe('ro');
  });

  it('serves secrets as env only, as files with mode/uid/gid, from src=, and skips optional ones', () => {
    expect(out('secenv')).toBe('ok');
    expect(out('secfile')).toBe('5:6 440');
    expect(out('secsrc')).toBe('file-secret');
    expect(out('secopt')).toBe('fine');
    // A mount point left in the image (if any) must be empty.
    const point = join(work, 'out', 'run', 'secrets', 'tok');
    expect(existsSync(point) ? readFileSync(point).length : 0).toBe(0);
  });

  it('forwards the SSH agent socket, and skips an optional id not forwarded', () => {
    expect(out('ssh')).toBe('sock');
    expect(out('sshopt')).toBe('none');
    // The step's socket is its own, owned as the mount asks (the agent's is root's).
    expect(out('sshowner')).toBe('1000 600');
  });

  it('keeps cache mounts across builds, keyed by id and outside the cache key', async () => {
    // A new RUNID reruns the steps; the cache dirs still hold the first build's lines.
    const again = await runBake(['--progress=plain', '--set', '*.args.RUNID=r2'], { cwd: work, env });
    expect(again.stderr).not.toContain('ERROR');
    expect(out('count')).toBe('2');
    expect(out('count2')).toBe('2');
    const cached = await runBake(['--progress=plain', '--set', '*.args.RUNID=r2'], { cwd: work, env });
    expect(cached.code).toBe(0);
    expect(cached.stderr).not.toMatch(/#\d+ DONE/);
  }, 240_000);

  it('fails when a required secret or ssh id is missing', async () => {
    writeFileSync(join(work, 'Dockerfile.req'), 'FROM base\nRUN --mount=type=secret,id=nope,required=true true\n');
    writeFileSync(join(work, 'Dockerfile.ssh'), 'FROM base\nRUN --mount=type=ssh,id=nope,required=true true\n');
    for (const df of ['Dockerfile.req', 'Dockerfile.ssh']) {
      const res = await runBake(['--progress=plain', '--set', `*.dockerfile=${df}`], { cwd: work, env });
      expect(res.code).toBe(1);
      expect(res.stderr).toMatch(df.endsWith('req') ? /secret nope not found/ : /no SSH key nope/);
    }
  }, 120_000);
});
