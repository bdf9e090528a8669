import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { RequestListener, Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCredentials, parseChallenge, repoScope } from '../../../src/engine/registry/auth.js';
import { RegistryClient } from '../../../src/engine/registry/client.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bake-auth-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const config = (value: object): Promise<void> => writeFile(join(dir, 'config.json'), JSON.stringify(value));

describe('parseChallenge', () => {
  it('reads quoted and bare parameters', () => {
    expect(parseChallenge('Bearer realm="https://auth.example/token",service="registry.example",scope="repository:a/b:pull,push"')).toEqual({
      scheme: 'bearer',
      params: { realm: 'https://auth.example/token', service: 'registry.example', scope: 'repository:a/b:pull,push' },
    });
    expect(parseChallenge('Basic realm=test')).toEqual({ scheme: 'basic', params: { realm: 'test' } });
  });

  it('formats repository scopes', () => {
    expect(repoScope('a/b', ['pull', 'push'])).toBe('repository:a/b:pull,push');
  });
});

describe('loadCredentials', () => {
  it('decodes auths entries, Docker Hub under its legacy URL', async () => {
    await config({ auths: { 'https://index.docker.io/v1/': { auth: Buffer.from('hub:pw:with:colons').toString('base64') }, 'r.example': { username: 'u', password: 'p' } } });
    expect(await loadCredentials('docker.io', { DOCKER_CONFIG: dir })).toEqual({ username: 'hub', password: 'pw:with:colons' });
    expect(await loadCredentials('r.example', { DOCKER_CONFIG: dir })).toEqual({ username: 'u', password: 'p' });
    expect(await loadCredentials('other.example', { DOCKER_CONFIG: dir })).toBeUndefined();
  });

  it('is anonymous without a config file', async () => {
    expect(await loadCredentials('r.example', { DOCKER_CONFIG: join(dir, 'none') })).toBeUndefined();
  });

  it('asks credHelpers first, then credsStore, through docker-credential-<name> get', async () => {
    const helper = join(dir, 'docker-credential-fake');
    // The helper reads the server URL on stdin and answers JSON, or "not found" with status 1.
    await writeFile(helper, '#!/bin/sh\nread s\ncase "$s" in h.example) echo "{\\"Username\\":\\"hu\\",\\"Secret\\":\\"hs\\"}";; s.example) echo "{\\"Username\\":\\"su\\",\\"Secret\\":\\"ss\\"}";; *) echo "credentials not found in native keychain"; exit 1;; esac\n');
    await chmod(helper, 0o755);
    await config({ credHelpers: { 'h.example': 'fake' }, credsStore: 'fake', auths: { 'h.example': { auth: Buffer.from('no:no').toString('base64') } } });
    const env = { DOCKER_CONFIG: dir, PATH: `${dir}:${process.env['PATH'] ?? ''}` };
    expect(await loadCredentials('h.example', env)).toEqual({ username: 'hu', password: 'hs' });
    expect(await loadCredentials('s.example', env)).toEqual({ username: 'su', password: 'ss' });
    expect(await loadCredentials('x.example', env)).toBeUndefined();
  });
});

describe('identity tokens', () => {
  const servers: Server[] = [];
  afterEach(() => {
    for (const s of servers.splice(0)) s.close();
  });
  async function serve(handler: RequestListener): Promise<number> {
    const server = createServer(handler);
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const addr = server.address();
    return typeof addr === 'object' && addr ? addr.port : 0;
  }

  it('answers a Basic challenge for every request that was already in flight when it came', async () => {
    const port = await serve((req, res) => {
      const ok = req.headers.authorization === `Basic ${Buffer.from('u:p').toString('base64')}`;
      res.writeHead(ok ? 404 : 401, ok ? {} : { 'WWW-Authenticate': 'Basic realm="r"' }).end();
    });
    const host = `127.0.0.1:${port}`;
    await config({ auths: { [host]: { username: 'u', password: 'p' } } });
    const client = new RegistryClient(host, { env: { DOCKER_CONFIG: dir }, retries: 0 });
    const digests = ['a', 'b', 'c', 'd'].map((c) => `sha256:${c.repeat(64)}`);
    expect(await Promise.all(digests.map((d) => client.hasBlob('a/b', d, 'test')))).toEqual([false, false, false, false]);
  });

  it('reads identitytoken from auths and from a helper answering the <token> user', async () => {
    const helper = join(dir, 'docker-credential-tok');
    await writeFile(helper, '#!/bin/sh\necho \'{"Username":"<token>","Secret":"refresh-2"}\'\n');
    await chmod(helper, 0o755);
    await config({ auths: { 'a.example': { auth: Buffer.from('me:').toString('base64'), identitytoken: 'refresh-1' } }, credHelpers: { 'h.example': 'tok' } });
    const env = { DOCKER_CONFIG: dir, PATH: `${dir}:${process.env['PATH'] ?? ''}` };
    expect(await loadCredentials('a.example', env)).toEqual({ username: 'me', password: '', identityToken: 'refresh-1' });
    expect(await loadCredentials('h.example', env)).toEqual({ username: '', password: '', identityToken: 'refresh-2' });
  });

  it('POSTs the identity token to the realm as an OAuth2 refresh token and uses the access token', async () => {
    const posts: { method?: string; type?: string; form: Record<string, string> }[] = [];
    const realm = await serve((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        posts.push({ method: req.method, type: req.headers['content-type'], form: Object.fromEntries(new URLSearchParams(body)) });
        const ok = req.method === 'POST' && new URLSearchParams(body).get('refresh_token') === 'refresh-1';
        res.writeHead(ok ? 200 : 401, { 'Content-Type': 'application/json' }).end(ok ? JSON.stringify({ access_token: 'access-1', expires_in: 300 }) : '');
      });
    });
    const manifest = Buffer.from('{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{},"layers":[]}');
    const port = await serve((req, res) => {
      if (req.headers.authorization !== 'Bearer access-1') {
        res.writeHead(401, { 'WWW-Authenticate': `Bearer realm="http://127.0.0.1:${realm}/token",service="svc"` }).end();
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/vnd.oci.image.manifest.v1+json' }).end(manifest);
    });
    const host = `127.0.0.1:${port}`;
    await config({ auths: { [host]: { identitytoken: 'refresh-1' } } });
    const client = new RegistryClient(host, { env: { DOCKER_CONFIG: dir }, retries: 0 });
    const got = await client.manifest('a/b', '1', `${host}/a/b:1`);
    expect(got.bytes.equals(manifest)).toBe(true);
    expect(posts).toEqual([
      {
        method: 'POST',
        type: 'application/x-www-form-urlencoded',
        form: { grant_type: 'refresh_token', refresh_token: 'refresh-1', client_id: 'bake', service: 'svc', scope: 'repository:a/b:pull' },
      },
    ]);
    await config({ auths: { [host]: { identitytoken: 'revoked' } } });
    const refused = new RegistryClient(host, { env: { DOCKER_CONFIG: dir }, retries: 0 });
    await expect(refused.manifest('a/b', '1', `${host}/a/b:1`)).rejects.toThrow(`${host}/a/b:1: registry ${host}: unauthorized: token request to http://127.0.0.1:${realm}/token failed: 401 Unauthorized`);
  });
});
