// A real registry for tests: Debian's docker-registry on 127.0.0.1 with a free port, storage and
// config in a temp dir; optionally htpasswd (bcrypt line from the HCL stdlib's bcrypt) or token
// auth against a realm the test serves. Never anything but loopback.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
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
