// `--load` through the CLI: the image lands in bake's image store, goes to `docker load` when a
// daemon is reachable (a fake CLI behind a listening DOCKER_HOST socket here; the real daemon
// when one runs), and otherwise stays as a kept archive with a warning naming it.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dockerDaemon } from '../../src/engine/exporters/docker-daemon.js';
import { ensureBusyboxLayout } from '../helpers/busybox.js';
import { runBake } from '../helpers/cli.js';
import { unmountAll } from '../helpers/mounts.js';

const canBuild = process.getuid?.() === 0 && existsSync('/usr/sbin/runc');
const realDaemon = dockerDaemon();

describe.skipIf(!canBuild)('--load', () => {
  let work: string;
  let server: Server;
  const env = (extra: Record<string, string> = {}): Record<string, string> => ({ BAKE_STATE_DIR: join(work, 'state'), ...extra });

  beforeAll(async () => {
    const layout = await ensureBusyboxLayout();
    work = mkdtempSync(join(tmpdir(), 'bake-load-'));
    writeFileSync(join(work, 'Dockerfile'), 'FROM busybox\nRUN echo loaded > /marker\n');
    writeFileSync(
      join(work, 'docker-bake.hcl'),
      `target "default" {\n  contexts = { busybox = "oci-layout://${layout}:1" }\n  tags = ["bake-load-test:1"]\n}\n`,
    );
    server = createServer();
    await new Promise<void>((res) => server.listen(join(work, 'docker.sock'), res));
    writeFileSync(join(work, 'docker'), `#!/bin/sh\ncat > "${work}/loaded.tar"\necho "Loaded image: bake-load-test:1"\n`);
    chmodSync(join(work, 'docker'), 0o755);
  }, 240_000);

  afterAll(() => {
    server?.close();
    if (work) unmountAll(work);
  });

  it('without a daemon: records the image in the store and keeps the archive, saying where', async () => {
    const r = await runBake(['--load'], { cwd: work, env: env({ DOCKER_HOST: `unix://${work}/absent.sock` }) });
    expect(r.code).toBe(0);
    const m = /no Docker daemon reachable at unix:\/\/\S+absent.sock: bake-load-test:1 loaded into bake's image store only; the docker archive is at (\S+) /.exec(r.stderr);
    expect(m, r.stderr).not.toBeNull();
    expect(execFileSync('tar', ['-tf', m![1]!], { encoding: 'utf8' })).toContain('manifest.json');
    const record = join(work, 'state', 'images', `${encodeURIComponent('docker.io/library/bake-load-test:1')}.json`);
    expect(JSON.parse(readFileSync(record, 'utf8'))).toMatchObject({ name: 'docker.io/library/bake-load-test:1' });
  }, 120_000);

  it('with a reachable daemon: pipes a docker archive into docker load', async () => {
    const r = await runBake(['--load'], {
      cwd: work,
      env: env({ DOCKER_HOST: `unix://${work}/docker.sock`, PATH: `${work}:${process.env['PATH'] ?? ''}` }),
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('no Docker daemon reachable');
    const manifest = JSON.parse(execFileSync('tar', ['-xOf', join(work, 'loaded.tar'), 'manifest.json'], { encoding: 'utf8' })) as {
      RepoTags: string[];
    }[];
    expect(manifest[0]!.RepoTags).toEqual(['bake-load-test:1']);
  }, 120_000);

  if (!realDaemon) console.log('skipping docker load into a real daemon: none reachable (DOCKER_HOST unset, no /var/run/docker.sock)');
  it.skipIf(!realDaemon)('loads into the real Docker daemon', async () => {
    const r = await runBake(['--load'], { cwd: work, env: env() });
    expect(r.code, r.stderr).toBe(0);
    expect(execFileSync('docker', ['image', 'inspect', 'bake-load-test:1'], { encoding: 'utf8' })).toContain('bake-load-test:1');
  }, 120_000);
});
