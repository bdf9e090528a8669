// A real registry for tests: Debian's docker-registry on 127.0.0.1 with a free port, storage and
// config in a temp dir; optionally htpasswd (bcrypt line from the HCL stdlib's bcrypt) or token
// auth against a realm the test serves. Never anything but loopback.
import { execFileSync, spawn } from 'node:child_process';
import { X509Certificate, createPrivateKey, randomBytes, sign } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { bcryptHash } from '../../src/config/hcl/functions/bcrypt.js';

export const REGISTRY_BIN = '/usr/bin/docker-registry';
export const hasRegistry = existsSync(REGISTRY_BIN);

export interface TestRegistry {
  /** `127.0.0.1:PORT`. */
  host: string;
  dir: string;
  stop(): Promise<void>;
}

export type RegistryAuth =
  | { htpasswd: { user: string; password: string } }
  | { token: { realm: string; service: string; issuer: string; certFile: string } };

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

async function authYaml(dir: string, auth: RegistryAuth | undefined): Promise<string> {
  if (!auth) return '';
  if ('htpasswd' in auth) {
    const path = join(dir, 'htpasswd');
    await writeFile(path, `${auth.htpasswd.user}:${bcryptHash(Buffer.from(auth.htpasswd.password), 5)}\n`);
    return `auth:\n  htpasswd:\n    realm: test\n    path: ${path}\n`;
  }
  const t = auth.token;
  return `auth:\n  token:\n    realm: ${t.realm}\n    service: ${t.service}\n    issuer: ${t.issuer}\n    rootcertbundle: ${t.certFile}\n`;
}

async function waitReady(host: string, child: ChildProcess, log: () => string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`docker-registry exited: ${log()}`);
    try {
      const res = await fetch(`http://${host}/v2/`);
      if (res.status === 200 || res.status === 401) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`docker-registry did not start: ${log()}`);
}

export async function startRegistry(auth?: RegistryAuth): Promise<TestRegistry> {
  const dir = await mkdtemp(join(tmpdir(), 'bake-registry-'));
  const port = await freePort();
  const host = `127.0.0.1:${port}`;
  const config = join(dir, 'config.yml');
  await writeFile(
    config,
    `version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: ${join(dir, 'data')}\n  delete:\n    enabled: true\nhttp:\n  addr: ${host}\n${await authYaml(dir, auth)}`,
  );
  const child = spawn(REGISTRY_BIN, ['serve', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  await waitReady(host, child, () => stderr);
  return {
    host,
    dir,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface TokenServer {
  auth: Extract<RegistryAuth, { token: unknown }>;
  /** The scopes of every token asked for, in order. */
  requests: { scopes: string[]; authorized: boolean }[];
  stop(): Promise<void>;
}

const b64url = (data: Buffer | string): string => Buffer.from(data).toString('base64url');

/**
 * A token realm: grants the scopes asked for (to `user:password` only, when given) as an ES256
 * JWT whose x5c certificate is the registry's root bundle.
 */
export async function startTokenServer(dir: string, creds?: { user: string; password: string }): Promise<TokenServer> {
  const keyFile = join(dir, 'token.key');
  const certFile = join(dir, 'token.crt');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '2', '-subj', '/CN=bake-test-token']);
  const key = createPrivateKey(await readFile(keyFile));
  const der = new X509Certificate(await readFile(certFile)).raw;
  const requests: TokenServer['requests'] = [];
  const service = 'bake-test-registry';
  const issuer = 'bake-test-issuer';
  const server = createHttpServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const scopes = url.searchParams.getAll('scope');
    const authorized = !creds || req.headers.authorization === `Basic ${Buffer.from(`${creds.user}:${creds.password}`).toString('base64')}`;
    requests.push({ scopes, authorized });
    if (!authorized) return void res.writeHead(401).end();
    const now = Math.floor(Date.now() / 1000);
    const access = scopes.map((s) => {
      const [type, ...rest] = s.split(':');
      const actions = rest.pop()!.split(',');
      return { type, name: rest.join(':'), actions };
    });
    const claims = { iss: issuer, sub: creds?.user ?? '', aud: service, exp: now + 300, nbf: now - 10, iat: now, jti: randomBytes(8).toString('hex'), access };
    const head = b64url(JSON.stringify({ typ: 'JWT', alg: 'ES256', x5c: [der.toString('base64')] }));
    const body = b64url(JSON.stringify(claims));
    const sig = sign('sha256', Buffer.from(`${head}.${body}`), { key, dsaEncoding: 'ieee-p1363' });
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ token: `${head}.${body}.${b64url(sig)}` }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    auth: { token: { realm: `http://127.0.0.1:${port}/token`, service, issuer, certFile } },
    requests,
    stop: () => new Promise<void>((r) => server.close(() => r())),
  };
}
