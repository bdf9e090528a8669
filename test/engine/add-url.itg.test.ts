// ADD <url> through the CLI with one state dir across builds: the file takes the server's
// Last-Modified time, and a file changed on the server is fetched again (BuildKit keys an http
// source by what it serves), while an unchanged one stays cached. A URL the server refuses fails
// the build while its key is made, shown as a failed vertex as BuildKit shows it.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBusyboxLayout } from '../helpers/busybox.js';
import { runBake } from '../helpers/cli.js';
import { unmountAll } from '../helpers/mounts.js';

const canBuild = process.getuid?.() === 0;

describe.skipIf(!canBuild)('ADD <url> across builds', () => {
  let work: string;
  let env: Record<string, string>;
  let server: Server;
  let body = 'one\n';

  beforeAll(async () => {
    server = createServer((req, resp) => {
      if (req.url === '/missing.txt') {
        resp.statusCode = 404;
        resp.end('File not found');
        return;
      }
      resp.setHeader('Last-Modified', 'Thu, 06 May 2021 07:08:09 GMT');
      resp.end(body);
    });
    await new Promise<void>((res) => server.listen(0, '127.0.0.1', res));
    const { port } = server.address() as AddressInfo;
    const layout = await ensureBusyboxLayout();
    work = mkdtempSync(join(tmpdir(), 'bake-addurl-'));
    writeFileSync(join(work, 'Dockerfile'), `FROM base\nADD http://127.0.0.1:${port}/dir/f.txt /got/\n`);
    writeFileSync(
      join(work, 'docker-bake.hcl'),
      `target "default" {\n  contexts = { base = "oci-layout://${layout}:1" }\n  output = ["type=local,dest=out"]\n}\n`,
    );
    writeFileSync(join(work, '.dockerignore'), 'out\n');
    env = { BAKE_STATE_DIR: mkdtempSync(join(tmpdir(), 'bake-addurl-state-')) };
  }, 120_000);

  afterAll(() => {
    server?.close();
    if (env) unmountAll(env['BAKE_STATE_DIR']!);
  });

  const got = (): string => join(work, 'out', 'got', 'f.txt');

  it('shows the vertex of a URL answered 404 with its error, the build failing as it loads the cache key', async () => {
    const { port } = server.address() as AddressInfo;
    const url = `http://127.0.0.1:${port}/missing.txt`;
    const dir = mkdtempSync(join(tmpdir(), 'bake-addurl-404-'));
    writeFileSync(join(dir, 'Dockerfile'), `FROM scratch\nADD ${url} /got/\n`);
    writeFileSync(join(dir, 'docker-bake.hcl'), 'target "default" {\n  output = ["type=local,dest=out"]\n}\n');
    const raw = await runBake(['--progress=rawjson'], { cwd: dir, env });
    expect(raw.code).toBe(1);
    const events = raw.stderr
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .flatMap((l) => (JSON.parse(l) as { vertexes?: { name: string; started?: string; completed?: string; error?: string }[] }).vertexes ?? []);
    const failed = events.filter((v) => v.error !== undefined);
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ error: 'invalid response status 404' });
    expect(failed[0]!.name).toContain(`ADD ${url}`);
    expect(failed[0]!.started).toBeDefined();
    expect(failed[0]!.completed).toBeDefined();
    expect(raw.stderr).toContain('ERROR: failed to load cache key: invalid response status 404');
    const plain = await runBake(['--progress=plain'], { cwd: dir, env });
    expect(plain.stderr).toMatch(new RegExp(`#(\\d+) [^\\n]*ADD ${url.replace(/[.]/g, '\\.')}[^\\n]*\\n#\\1 ERROR: invalid response status 404\\n`));
  }, 120_000);

  it('takes the Last-Modified time, and fetches a changed file again', async () => {
    const first = await runBake(['--progress=plain'], { cwd: work, env });
    expect(first.stderr).not.toContain('ERROR');
    expect(readFileSync(got(), 'utf8')).toBe('one\n');
    expect(statSync(got()).mtime.toISOString()).toBe('2021-05-06T07:08:09.000Z');
    expect((statSync(got()).mode & 0o777).toString(8)).toBe('600');

    body = 'two\n';
    const second = await runBake(['--progress=plain'], { cwd: work, env });
    expect(second.code).toBe(0);
    expect(readFileSync(got(), 'utf8')).toBe('two\n');

    const third = await runBake(['--progress=plain'], { cwd: work, env });
    expect(third.code).toBe(0);
    expect(third.stderr).toMatch(/ADD http:\S+ \/got\/\n#\d+ CACHED/);
    expect(existsSync(got())).toBe(true);
  }, 180_000);
});
