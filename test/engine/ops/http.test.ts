import { readFileSync, statSync, type Stats } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fetchWithRetry, HttpSourceRunner } from '../../../src/engine/ops/http.js';
import { CopyLayerStore, testContext, vertexOf } from './fake-layers.js';

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((res) => s.listen(0, '127.0.0.1', res));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((res) => s.close(() => res()));
  return port;
}

describe('fetchWithRetry', () => {
  it('waits for a server that starts listening after the first attempt', async () => {
    const port = await freePort();
    let server: Server | undefined;
    const started = new Promise<void>((res) => {
      setTimeout(() => {
        server = createServer((_req, resp) => resp.end('late'));
        server.listen(port, '127.0.0.1', res);
      }, 300);
    });
    const resp = await fetchWithRetry(`http://127.0.0.1:${port}/x`, new AbortController().signal, [200, 200, 400, 800]);
    expect(await resp.text()).toBe('late');
    await started;
    server?.close();
  });

  it('gives up with the last error after its delays', async () => {
    const port = await freePort();
    await expect(fetchWithRetry(`http://127.0.0.1:${port}/x`, new AbortController().signal, [10, 10])).rejects.toThrow(/fetch failed/);
  });
});

describe('HttpSourceRunner', () => {
  it('gives the file mode 0600 and the Last-Modified time the server sends', async () => {
    const stamp = 'Thu, 06 May 2021 07:08:09 GMT';
    const server = createServer((req, resp) => {
      if (req.url === '/dated.txt') resp.setHeader('Last-Modified', stamp);
      resp.end('body');
    });
    await new Promise<void>((res) => server.listen(0, '127.0.0.1', res));
    const { port } = server.address() as AddressInfo;
    try {
      const fetchOne = async (name: string): Promise<Stats> => {
        const layers = new CopyLayerStore();
        const vertex = vertexOf({ kind: 'source', source: { type: 'http', url: `http://127.0.0.1:${port}/${name}` } });
        const out = await new HttpSourceRunner().run(vertex, [], testContext(layers));
        return statSync(join(layers.diffDir(out[0]!.layers[0]!), name));
      };
      const dated = await fetchOne('dated.txt');
      expect(dated.mode & 0o7777).toBe(0o600);
      expect(dated.mtime.toISOString()).toBe('2021-05-06T07:08:09.000Z');
      // Without the header the file keeps the time it was written.
      expect(Math.abs((await fetchOne('undated.txt')).mtimeMs - Date.now())).toBeLessThan(60_000);
    } finally {
      server.close();
    }
  });
});

describe('HttpSourceRunner.contentKey', () => {
  it('keys what the server serves now (body and Last-Modified), fetching each URL once per build', async () => {
    let body = 'one';
    let stamp = 'Thu, 06 May 2021 07:08:09 GMT';
    let requests = 0;
    const server = createServer((_req, resp) => {
      requests++;
      resp.setHeader('Last-Modified', stamp);
      resp.end(body);
    });
    await new Promise<void>((res) => server.listen(0, '127.0.0.1', res));
    const { port } = server.address() as AddressInfo;
    const source = { type: 'http' as const, url: `http://127.0.0.1:${port}/f.txt` };
    const signal = new AbortController().signal;
    // A runner lives for one build.
    const keyOfBuild = (): Promise<string | undefined> => new HttpSourceRunner().contentKey(source, signal);
    try {
      const first = await keyOfBuild();
      expect(first).toMatch(/^sha256:/);
      expect(await keyOfBuild()).toBe(first);
      body = 'two';
      const changed = await keyOfBuild();
      expect(changed).not.toBe(first);
      stamp = 'Fri, 07 May 2021 07:08:09 GMT';
      expect(await keyOfBuild()).not.toBe(changed);
      // The step writes the bytes its key was made from, without fetching again.
      const runner = new HttpSourceRunner();
      await runner.contentKey(source, signal);
      body = 'three';
      const before = requests;
      const layers = new CopyLayerStore();
      const out = await runner.run(vertexOf({ kind: 'source', source }), [], testContext(layers));
      expect(requests).toBe(before);
      expect(readFileSync(join(layers.diffDir(out[0]!.layers[0]!), 'f.txt'), 'utf8')).toBe('two');
      // --checksum pins the content: no key from the server, no request.
      expect(await new HttpSourceRunner().contentKey({ ...source, checksum: 'sha256:00' }, signal)).toBeUndefined();
      expect(requests).toBe(before);
    } finally {
      server.close();
    }
  });
});

describe('HttpSourceRunner errors', () => {
  it('words a status outside 2xx/3xx as BuildKit does, prefixed while the cache key is loaded', async () => {
    const server = createServer((_req, resp) => {
      resp.statusCode = 404;
      resp.end('File not found');
    });
    await new Promise<void>((res) => server.listen(0, '127.0.0.1', res));
    const { port } = server.address() as AddressInfo;
    const source = { type: 'http' as const, url: `http://127.0.0.1:${port}/missing.txt` };
    try {
      await expect(new HttpSourceRunner().contentKey(source, new AbortController().signal)).rejects.toThrow(
        /^failed to load cache key: invalid response status 404$/,
      );
      const pinned = vertexOf({ kind: 'source', source: { ...source, checksum: 'sha256:00' } });
      await expect(new HttpSourceRunner().run(pinned, [], testContext(new CopyLayerStore()))).rejects.toThrow(/^invalid response status 404$/);
    } finally {
      server.close();
    }
  });
});
