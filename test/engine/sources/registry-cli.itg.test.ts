// Push and pull through the CLI against real docker-registry instances: anonymous, htpasswd
// (Basic) and token auth. Images pushed with --push are checked with skopeo and pulled back by
// digest as a FROM base in a second build with an empty state dir.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBusyboxLayout } from '../../helpers/busybox.js';
import { runBake } from '../../helpers/cli.js';
import { freePort, hasRegistry, startRegistry, startTokenServer } from '../../helpers/registry.js';
import type { TestRegistry, TokenServer } from '../../helpers/registry.js';

const canBuild = hasRegistry && process.getuid?.() === 0 && existsSync('/usr/sbin/runc');
let dir: string;
let layout: string;

beforeAll(async () => {
  layout = await ensureBusyboxLayout();
  dir = await mkdtemp(join(tmpdir(), 'bake-regcli-'));
});
afterAll(() => (dir ? rm(dir, { recursive: true, force: true }) : undefined));

/** A project whose Dockerfile is `dockerfile`, busybox available as the `busybox` context. */
function project(name: string, dockerfile: string, tags: string[]): string {
  const p = join(dir, name);
  mkdirSync(p, { recursive: true });
  writeFileSync(join(p, 'Dockerfile'), dockerfile);
  writeFileSync(
    join(p, 'docker-bake.hcl'),
    `target "default" {\n  contexts = { busybox = "oci-layout://${layout}:1" }\n  tags = ${JSON.stringify(tags)}\n}\n`,
  );
  return p;
}

function dockerConfig(name: string, host: string, user: string, password: string): string {
  const d = join(dir, name);
  mkdirSync(d, { recursive: true });
  writeFileSync(join(d, 'config.json'), JSON.stringify({ auths: { [host]: { auth: Buffer.from(`${user}:${password}`).toString('base64') } } }));
  return d;
}

function bake(cwd: string, args: string[], env: Record<string, string> = {}): ReturnType<typeof runBake> {
  return runBake(['--progress=plain', ...args], { cwd, env: { BAKE_STATE_DIR: join(cwd, 'state'), BAKE_REGISTRY_RETRIES: '0', ...env } });
}

function skopeoRaw(ref: string, creds?: string): string {
  return execFileSync('skopeo', ['inspect', '--raw', '--tls-verify=false', ...(creds ? ['--creds', creds] : []), `docker://${ref}`], { encoding: 'utf8' });
}

describe.skipIf(!canBuild)('push and pull through the CLI', () => {
  let registry: TestRegistry;
  beforeAll(async () => (registry = await startRegistry()));
  afterAll(() => registry?.stop());

  it('pushes every tag, writes buildx metadata, and builds FROM the pushed image by digest', async () => {
    const tags = [`${registry.host}/demo/app:v1`, `${registry.host}/demo/app:latest`, `${registry.host}/demo/mirror:v1`];
    const p = project('anon', 'FROM busybox\nRUN echo pushed > /hello\n', tags);
    const meta = join(p, 'meta.json');
    const pushed = await bake(p, ['--push', '--metadata-file', meta]);
    expect(pushed.stderr).not.toContain('ERROR');
    expect(pushed.code).toBe(0);
    const m = JSON.parse(readFileSync(meta, 'utf8')) as { default: Record<string, unknown> };
    const digest = m.default['containerimage.digest'] as string;
    expect(m.default['image.name']).toBe(tags.join(','));
    expect(m.default['containerimage.descriptor']).toMatchObject({ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest });
    for (const tag of tags) {
      const raw = skopeoRaw(tag);
      expect(`sha256:${createHash('sha256').update(raw).digest('hex')}`).toBe(digest);
    }
    const q = project('pullback', `FROM ${registry.host}/demo/app@${digest}\nRUN test "$(cat /hello)" = pushed\n`, []);
    writeFileSync(join(q, 'docker-bake.hcl'), `target "default" {\n  output = ["type=oci,dest=${join(q, 'out.tar')}"]\n}\n`);
    const pulled = await bake(q, []);
    expect(pulled.stderr).not.toContain('ERROR');
    expect(pulled.code).toBe(0);
    expect(existsSync(join(q, 'out.tar'))).toBe(true);
  });

  it('pushes a two-platform image as an index with both platforms and builds FROM it by digest', async () => {
    const p = join(dir, 'multi');
    mkdirSync(p, { recursive: true });
    writeFileSync(join(p, 'Dockerfile'), 'FROM scratch\nARG TARGETARCH\nCOPY $TARGETARCH.txt /arch.txt\n');
    writeFileSync(join(p, 'amd64.txt'), 'amd64\n');
    writeFileSync(join(p, 'arm64.txt'), 'arm64\n');
    const tag = `${registry.host}/demo/multi:1`;
    writeFileSync(join(p, 'docker-bake.hcl'), `target "default" {\n  platforms = ["linux/amd64", "linux/arm64"]\n  tags = ["${tag}"]\n}\n`);
    const meta = join(p, 'meta.json');
    const pushed = await bake(p, ['--push', '--metadata-file', meta]);
    expect(pushed.stderr).not.toContain('ERROR');
    const raw = skopeoRaw(tag);
    const index = JSON.parse(raw) as { mediaType: string; manifests: { platform: { architecture: string } }[] };
    expect(index.mediaType).toBe('application/vnd.oci.image.index.v1+json');
    expect(index.manifests.map((m) => m.platform.architecture)).toEqual(['amd64', 'arm64']);
    const digest = `sha256:${createHash('sha256').update(raw).digest('hex')}`;
    expect((JSON.parse(readFileSync(meta, 'utf8')) as { default: Record<string, unknown> }).default['containerimage.digest']).toBe(digest);
    const q = project('multi-pull', `FROM ${registry.host}/demo/multi@${digest} AS img\nFROM scratch\nCOPY --from=img /arch.txt /\n`, []);
    writeFileSync(join(q, 'docker-bake.hcl'), `target "default" {\n  platforms = ["linux/arm64"]\n  output = ["type=local,dest=${join(q, 'out')}"]\n}\n`);
    const pulled = await bake(q, []);
    expect(pulled.stderr).not.toContain('ERROR');
    expect(readFileSync(join(q, 'out', 'arch.txt'), 'utf8')).toBe('arm64\n');
  });

  it('fails in one line naming the image and the registry, leaving no partial blobs', async () => {
    const p = project('missing', `FROM ${registry.host}/demo/none:1\n`, []);
    const res = await bake(p, []);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain(`${registry.host}/demo/none:1: registry ${registry.host}: not found`);
    expect(readdirSync(join(p, 'state', 'tmp'))).toEqual([]);
    const closed = `127.0.0.1:${await freePort()}`;
    const res2 = await bake(project('down', `FROM ${closed}/demo/none:1\n`, []), []);
    expect(res2.stderr).toContain(`${closed}/demo/none:1: registry ${closed} is unreachable: connect ECONNREFUSED`);
  });
});

describe.skipIf(!canBuild)('registries with authentication', () => {
  let basic: TestRegistry;
  let tokenRegistry: TestRegistry;
  let tokens: TokenServer;
  beforeAll(async () => {
    basic = await startRegistry({ htpasswd: { user: 'alice', password: 's3cret' } });
    tokens = await startTokenServer(dir, { user: 'bob', password: 'hunter2' });
    tokenRegistry = await startRegistry(tokens.auth);
  });
  afterAll(async () => {
    await basic?.stop();
    await tokenRegistry?.stop();
    await tokens?.stop();
  });

  it('is refused without credentials and pushes with Basic credentials from DOCKER_CONFIG', async () => {
    const tag = `${basic.host}/private/app:1`;
    const p = project('basic', 'FROM busybox\nRUN echo basic > /b\n', [tag]);
    const denied = await bake(p, ['--push'], { DOCKER_CONFIG: join(dir, 'no-config') });
    expect(denied.code).toBe(1);
    expect(denied.stderr).toMatch(new RegExp(`^ERROR: ${tag} blob sha256:[0-9a-f]{64}: registry ${basic.host}: unauthorized`, 'm'));
    const ok = await bake(p, ['--push'], { DOCKER_CONFIG: dockerConfig('basic-cfg', basic.host, 'alice', 's3cret') });
    expect(ok.stderr).not.toContain('ERROR');
    expect(JSON.parse(skopeoRaw(tag, 'alice:s3cret'))).toMatchObject({ schemaVersion: 2 });
  });

  it('gets Bearer tokens with pull,push scopes to push and pull scopes to build from the image', async () => {
    const tag = `${tokenRegistry.host}/team/app:1`;
    const cfg = dockerConfig('token-cfg', tokenRegistry.host, 'bob', 'hunter2');
    const p = project('token', 'FROM busybox\nRUN echo token > /t\n', [tag]);
    const pushed = await bake(p, ['--push'], { DOCKER_CONFIG: cfg });
    expect(pushed.stderr).not.toContain('ERROR');
    expect(tokens.requests.some((r) => r.authorized && r.scopes.includes('repository:team/app:pull,push'))).toBe(true);
    const q = project('token-pull', `FROM ${tag}\nRUN test "$(cat /t)" = token\n`, []);
    const pulled = await bake(q, [], { DOCKER_CONFIG: cfg });
    expect(pulled.stderr).not.toContain('ERROR');
    expect(tokens.requests.some((r) => r.scopes.length === 1 && r.scopes[0] === 'repository:team/app:pull')).toBe(true);
    const anon = await bake(project('token-anon', `FROM ${tag}\n`, []), [], { DOCKER_CONFIG: join(dir, 'no-config') });
    expect(anon.code).toBe(1);
    expect(anon.stderr).toContain(`${tag}: registry ${tokenRegistry.host}: unauthorized: token request`);
  });
});
