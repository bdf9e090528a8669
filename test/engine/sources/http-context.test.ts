// An http(s) tarball context is unpacked once per run, however many of its files are read before
// solving (bake files, Dockerfile) and however many times it is opened (definition, then build).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as extract from '../../../src/engine/layer/extract.js';
import { openRemoteContext } from '../../../src/engine/sources/remote-context.js';

vi.mock('../../../src/engine/layer/extract.js', async (importOriginal) => {
  const real = await importOriginal<typeof extract>();
  return { ...real, extractTar: vi.fn(real.extractTar) };
});

describe('http tarball context', () => {
  let base: string;
  let server: Server;
  let url: string;

  beforeAll(async () => {
    base = mkdtempSync(join(tmpdir(), 'http-context-test-'));
    const src = join(base, 'src');
    mkdirSync(join(src, 'sub'), { recursive: true });
    writeFileSync(join(src, 'Dockerfile'), 'FROM scratch\n');
    writeFileSync(join(src, 'sub', 'docker-bake.hcl'), 'target "t" {}\n');
    execFileSync('tar', ['-czf', join(base, 'ctx.tar.gz'), '-C', src, '.']);
    const tarball = execFileSync('cat', [join(base, 'ctx.tar.gz')]);
    server = createServer((_req, resp) => resp.end(tarball));
    await new Promise<void>((res) => server.listen(0, '127.0.0.1', res));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ctx.tar.gz`;
  });
  afterAll(() => {
    server.close();
    rmSync(base, { recursive: true, force: true });
  });

  it('unpacks the tarball on the first read only, also across openings of the same URL', async () => {
    const stateDir = join(base, 'state');
    const unpacks = vi.mocked(extract.extractTar);
    unpacks.mockClear();
    const definition = await openRemoteContext(url, stateDir);
    expect(unpacks).not.toHaveBeenCalled();
    expect((await definition.readFile('sub/docker-bake.hcl'))?.toString()).toBe('target "t" {}\n');
    expect(await definition.readFile('docker-compose.yml')).toBeUndefined();
    const build = await openRemoteContext(url, stateDir);
    expect((await build.readFile('Dockerfile'))?.toString()).toBe('FROM scratch\n');
    expect(unpacks).toHaveBeenCalledTimes(1);
    // The unpacked tree is this process's (pid-named, so a killed run's is swept as stale).
    expect(readdirSync(join(stateDir, 'tmp'))).toEqual([expect.stringMatching(new RegExp(`^${process.pid}-httpcontext-`))]);
  });
});
