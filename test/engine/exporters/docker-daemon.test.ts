// Finding a Docker daemon and streaming an archive into `docker load`, with a fake CLI on PATH
// (no daemon runs on the test machine; multiplatform-load.itg.test.ts tries a real one).
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dockerDaemon, dockerLoad } from '../../../src/engine/exporters/docker-daemon.js';

describe('docker daemon', () => {
  let dir: string;
  let server: Server;
  let fakeEnv: NodeJS.ProcessEnv;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bake-docker-daemon-'));
    server = createServer();
    await new Promise<void>((res) => server.listen(join(dir, 'docker.sock'), res));
    // The fake CLI keeps what it reads and answers like docker load; "fail" in the input fails it.
    writeFileSync(
      join(dir, 'docker'),
      `#!/bin/sh\ncat > "${dir}/loaded"\nif grep -q fail "${dir}/loaded"; then echo "Error: bad archive" >&2; exit 1; fi\necho "Loaded image: app:1"\n`,
    );
    chmodSync(join(dir, 'docker'), 0o755);
    fakeEnv = { ...process.env, PATH: `${dir}:${process.env['PATH'] ?? ''}` };
  });

  afterAll(() => server?.close());

  it('is reachable through DOCKER_HOST sockets that exist or remote addresses', () => {
    expect(dockerDaemon({ DOCKER_HOST: `unix://${dir}/docker.sock` })).toBe(`unix://${dir}/docker.sock`);
    expect(dockerDaemon({ DOCKER_HOST: `unix://${dir}/missing.sock` })).toBeUndefined();
    expect(dockerDaemon({ DOCKER_HOST: 'tcp://10.0.0.1:2376' })).toBe('tcp://10.0.0.1:2376');
  });

  it('streams the archive into docker load and returns what it printed', async () => {
    const out = await dockerLoad(Readable.from([Buffer.from('archive bytes')]), fakeEnv);
    expect(out).toBe('Loaded image: app:1');
    expect(readFileSync(join(dir, 'loaded'), 'utf8')).toBe('archive bytes');
  });

  it('reports a failed load with the CLI message', async () => {
    await expect(dockerLoad(Readable.from([Buffer.from('fail')]), fakeEnv)).rejects.toThrow('docker load failed (exit code 1): Error: bad archive');
  });
});
