// The client against a scripted HTTP server on loopback: what it sends (auth, Accept-Encoding),
// how it follows redirects, retries, and that a bad blob never enters the store.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ContentStore } from '../../../src/engine/content/store.js';
import { RegistryClient } from '../../../src/engine/registry/client.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

async function serve(handler: Handler): Promise<{ server: Server; port: number }> {
  const server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  return { server, port: typeof addr === 'object' && addr ? addr.port : 0 };
}

const sha = (b: Buffer): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;
const blob = Buffer.from('layer bytes');
const digest = sha(blob);

let dir: string;
let servers: Server[];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bake-client-'));
  servers = [];
});
afterEach(async () => {
  for (const s of servers) s.close();
  await rm(dir, { recursive: true, force: true });
});

async function start(handler: Handler): Promise<number> {
  const { server, port } = await serve(handler);
  servers.push(server);
  return port;
}

describe('RegistryClient', () => {
  it('never sends the Authorization header to a redirect on another host', async () => {
    const seen: (string | undefined)[] = [];
    const storage = await start((req, res) => {
      seen.push(req.headers.authorization);
      res.end(blob);
    });
    const port = await start((req, res) => {
      if (!req.headers.authorization) {
        res.writeHead(401, { 'WWW-Authenticate': `Basic realm="r"` }).end();
        return;
      }
      seen.push(req.headers.authorization);
      res.writeHead(307, { Location: `http://localhost:${storage}/blob` }).end();
    });
    const env = { DOCKER_CONFIG: dir };
    const { writeFile } = await import('node:fs/promises');
    await writeFile(join(dir, 'config.json'), JSON.stringify({ auths: { [`127.0.0.1:${port}`]: { auth: Buffer.from('u:p').toString('base64') } } }));
    const client = new RegistryClient(`127.0.0.1:${port}`, { env, retries: 0 });
    const store = new ContentStore(join(dir, 'state'));
    await client.fetchBlob('a/b', { mediaType: 'x', digest, size: blob.length }, store, 'img');
    expect(seen).toEqual([`Basic ${Buffer.from('u:p').toString('base64')}`, undefined]);
    expect(store.has(digest)).toBe(true);
  });

  it('asks the realm for the scope of each repository once and reuses the token', async () => {
    const asked: string[] = [];
    const realm = await start((req, res) => {
      asked.push(new URL(req.url ?? '/', 'http://x').searchParams.getAll('scope').join(' '));
      res.end(JSON.stringify({ token: `tok-${asked.length}` }));
    });
    const port = await start((req, res) => {
      if (!req.headers.authorization?.startsWith('Bearer tok-')) {
        res.writeHead(401, { 'WWW-Authenticate': `Bearer realm="http://127.0.0.1:${realm}/token",service="svc"` }).end();
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/vnd.oci.image.manifest.v1+json' }).end('{"schemaVersion":2}');
    });
    const client = new RegistryClient(`127.0.0.1:${port}`, { env: { DOCKER_CONFIG: dir }, retries: 0 });
    await client.manifest('a/b', 't1', 'img');
    await client.manifest('a/b', 't2', 'img');
    await client.manifest('c/d', 't1', 'img');
    expect(asked).toEqual(['repository:a/b:pull', 'repository:c/d:pull']);
  });

  it('asks for bodies as sent and keeps nothing when the digest does not match', async () => {
    let encoding: string | undefined;
    const port = await start((req, res) => {
      encoding = req.headers['accept-encoding'];
      res.end(Buffer.from('tampered!!!'));
    });
    const client = new RegistryClient(`127.0.0.1:${port}`, { env: {}, retries: 0 });
    const store = new ContentStore(join(dir, 'state'));
    await expect(client.fetchBlob('a/b', { mediaType: 'x', digest, size: 11 }, store, 'img:1')).rejects.toThrow(
      `img:1 blob ${digest}: registry 127.0.0.1:${port}: digest mismatch`,
    );
    expect(encoding).toBe('identity');
    expect(store.has(digest)).toBe(false);
    expect(readdirSync(join(dir, 'state', 'blobs', 'sha256'))).toEqual([]);
    expect(readdirSync(join(dir, 'state', 'tmp'))).toEqual([]);
  });

  it('retries 503 and 429 with backoff, then succeeds', async () => {
    const statuses = [503, 429];
    let calls = 0;
    const port = await start((_req, res) => {
      calls++;
      const status = statuses.shift();
      if (status) res.writeHead(status).end();
      else res.end(blob);
    });
    const client = new RegistryClient(`127.0.0.1:${port}`, { env: {}, retries: 3, retryDelayMs: 5 });
    const store = new ContentStore(join(dir, 'state'));
    await client.fetchBlob('a/b', { mediaType: 'x', digest, size: blob.length }, store, 'img');
    expect(calls).toBe(3);
  });

  it('names the image and registry when a registry is unreachable or an image is missing', async () => {
    const port = await start((_req, res) => res.writeHead(404).end('{"errors":[{"code":"MANIFEST_UNKNOWN"}]}'));
    const client = new RegistryClient(`127.0.0.1:${port}`, { env: {}, retries: 0 });
    await expect(client.manifest('a/b', 't', '127.0.0.1/a/b:t')).rejects.toThrow(`127.0.0.1/a/b:t: registry 127.0.0.1:${port}: not found`);
    servers[0]!.close();
    servers = [];
    const down = new RegistryClient(`127.0.0.1:${port}`, { env: {}, retries: 1, retryDelayMs: 1 });
    await expect(down.manifest('a/b', 't', 'img')).rejects.toThrow(/^img: registry 127\.0\.0\.1:\d+ is unreachable: .*ECONNREFUSED/);
  });

  it('refuses manifests over 4 MiB', async () => {
    const port = await start((_req, res) => res.end(Buffer.alloc(4 * 1024 * 1024 + 1, 0x20)));
    const client = new RegistryClient(`127.0.0.1:${port}`, { env: {}, retries: 0 });
    await expect(client.manifest('a/b', 't', 'img')).rejects.toThrow(`img: registry 127.0.0.1:${port}: manifest larger than 4194304 bytes`);
  });

  it('rejects a manifest whose bytes do not hash to the digest asked for', async () => {
    const port = await start((_req, res) => res.writeHead(200, { 'Content-Type': 'application/vnd.oci.image.manifest.v1+json' }).end('{}'));
    const client = new RegistryClient(`127.0.0.1:${port}`, { env: {}, retries: 0 });
    await expect(client.manifest('a/b', digest, 'img')).rejects.toThrow(/digest mismatch/);
    expect(existsSync(join(dir, 'state'))).toBe(false);
  });
});
