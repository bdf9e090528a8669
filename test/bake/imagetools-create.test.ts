// `bake imagetools create --platform / --prefer-index / --metadata-file / --progress / --builder`
// through the CLI against a real docker-registry holding busybox (copied there by skopeo).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatPlatform, hostPlatform } from '../../src/engine/platform.js';
import { ensureBusyboxLayout, ensureBusyboxMultiarchLayout } from '../helpers/busybox.js';
import { runBake } from '../helpers/cli.js';
import { hasRegistry, startRegistry } from '../helpers/registry.js';
import type { TestRegistry } from '../helpers/registry.js';

let registry: TestRegistry;
let dir: string;
let single: string;
let multi: string;

const bake = (...args: string[]): ReturnType<typeof runBake> =>
  runBake(['imagetools', ...args], { cwd: dir, env: { BAKE_STATE_DIR: join(dir, 'state'), BAKE_REGISTRY_RETRIES: '0' } });
const raw = (ref: string): string => execFileSync('skopeo', ['inspect', '--raw', '--tls-verify=false', `docker://${ref}`], { encoding: 'utf8' });
/** skopeo reads the image's config, so every blob it needs is in the repository. */
const readable = (ref: string): boolean => {
  try {
    execFileSync('skopeo', ['inspect', '--tls-verify=false', `docker://${ref}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};
const sha = (text: string): string => `sha256:${createHash('sha256').update(text).digest('hex')}`;

interface Index {
  mediaType: string;
  manifests: { digest: string; platform: { os: string; architecture: string } }[];
}

describe.skipIf(!hasRegistry)('bake imagetools create flags', () => {
  beforeAll(async () => {
    registry = await startRegistry();
    dir = await mkdtemp(join(tmpdir(), 'bake-imagetools-create-'));
    const copy = (layout: string, ref: string, all: boolean): void => {
      execFileSync('skopeo', ['copy', '--quiet', ...(all ? ['--all'] : []), '--dest-tls-verify=false', `oci:${layout}:1`, `docker://${registry.host}/${ref}`]);
    };
    copy(await ensureBusyboxLayout(), 'lib/busybox:1', false);
    copy(await ensureBusyboxMultiarchLayout(), 'lib/multi:1', true);
    single = raw(`${registry.host}/lib/busybox:1`);
    multi = raw(`${registry.host}/lib/multi:1`);
  });
  afterAll(async () => {
    await registry?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const byArch = (arch: string): Index['manifests'][number] => (JSON.parse(multi) as Index).manifests.find((m) => m.platform.architecture === arch)!;

  it('--platform keeps only the manifests of the platforms asked for, repeated or comma-separated', async () => {
    const one = await bake('create', '--dry-run', '--platform', 'linux/arm64', `${registry.host}/lib/multi:1`);
    expect(one.stderr).toBe('');
    expect((JSON.parse(one.stdout) as Index).manifests.map((m) => m.digest)).toEqual([byArch('arm64').digest]);
    const both = await bake('create', '--dry-run', '-p', 'linux/arm64,linux/amd64', '-p', 'linux/arm64', `${registry.host}/lib/multi:1`);
    expect((JSON.parse(both.stdout) as Index).manifests.map((m) => m.digest)).toEqual([byArch('amd64').digest, byArch('arm64').digest]);
  });

  it('--platform copies only the kept platforms into another repository', async () => {
    const res = await bake('create', '-t', `${registry.host}/other/arm:1`, '-p', 'linux/arm64', `${registry.host}/lib/multi:1`);
    expect(res.stderr).toBe('');
    expect((JSON.parse(raw(`${registry.host}/other/arm:1`)) as Index).manifests.map((m) => m.digest)).toEqual([byArch('arm64').digest]);
    expect(readable(`${registry.host}/other/arm@${byArch('arm64').digest}`)).toBe(true);
    expect(readable(`${registry.host}/other/arm@${byArch('amd64').digest}`)).toBe(false);
  });

  it('--platform refuses a platform that no source has, naming the flag', async () => {
    const res = await bake('create', '--dry-run', '-p', 'linux/s390x', `${registry.host}/lib/multi:1`);
    expect(res.code).toBe(1);
    expect(res.stderr).toBe('ERROR: --platform linux/s390x: not in any source (sources have linux/amd64, linux/arm64)\n');
    expect((await bake('create', '--dry-run', '-p', 'a/b/c/d', `${registry.host}/lib/multi:1`)).stderr).toBe('ERROR: --platform: invalid platform "a/b/c/d"\n');
  });

  it('one index source is copied byte for byte, keeping its digest (buildx carbon copy)', async () => {
    const res = await bake('create', '-t', `${registry.host}/other/copy:1`, `${registry.host}/lib/multi:1`);
    expect(res.stderr).toBe('');
    expect(raw(`${registry.host}/other/copy:1`)).toBe(multi);
    expect(readable(`${registry.host}/other/copy@${byArch('arm64').digest}`)).toBe(true);
  });

  it('--prefer-index=false tags one manifest source as is; the default wraps it in an index', async () => {
    const asIs = await bake('create', '--prefer-index=false', '-t', `${registry.host}/other/plain:1`, `${registry.host}/lib/busybox:1`);
    expect(asIs.stderr).toBe('');
    expect(raw(`${registry.host}/other/plain:1`)).toBe(single);
    expect(readable(`${registry.host}/other/plain:1`)).toBe(true);
    const wrapped = await bake('create', '--dry-run', '--prefer-index', `${registry.host}/lib/busybox:1`);
    expect(JSON.parse(wrapped.stdout)).toMatchObject({ mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [{ digest: sha(single) }] });
    // --platform still applies to a manifest tagged as is.
    const kept = await bake('create', '--dry-run', '--prefer-index=false', '-p', formatPlatform(hostPlatform()), `${registry.host}/lib/busybox:1`);
    expect(kept.stdout).toBe(`${single}\n`);
    const other = await bake('create', '--dry-run', '--prefer-index=0', '-p', 'linux/s390x', `${registry.host}/lib/busybox:1`);
    expect(other.stderr).toBe(`ERROR: --platform linux/s390x: not in any source (sources have ${formatPlatform(hostPlatform())})\n`);
    const bad = await bake('create', '--dry-run', '--prefer-index=maybe', `${registry.host}/lib/busybox:1`);
    expect(bad.stderr).toBe('ERROR: invalid argument "maybe" for "--prefer-index" flag: expected true or false\n');
  });

  it('--metadata-file gets the pushed descriptor and the names, as buildx writes them; not on a dry run', async () => {
    const file = join(dir, 'meta.json');
    const res = await bake('create', '--metadata-file', 'meta.json', '-t', `${registry.host}/other/meta:a`, '-t', `${registry.host}/other/meta:b`, '-t', `${registry.host}/third/meta:c`, `${registry.host}/lib/busybox:1`);
    expect(res.stderr).toBe('');
    const pushed = raw(`${registry.host}/other/meta:a`);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({
      'containerimage.descriptor': { mediaType: 'application/vnd.oci.image.index.v1+json', digest: sha(pushed), size: Buffer.byteLength(pushed) },
      'image.name': `${registry.host}/other/meta,${registry.host}/third/meta`,
    });
    await bake('create', '--dry-run', '--metadata-file', 'dry.json', `${registry.host}/lib/busybox:1`);
    expect(existsSync(join(dir, 'dry.json'))).toBe(false);
    const bad = await bake('create', '--metadata-file', 'missing/meta.json', '-t', `${registry.host}/other/meta:a`, `${registry.host}/lib/busybox:1`);
    expect(bad.stderr).toMatch(/^ERROR: --metadata-file missing\/meta.json: ENOENT/);
  });

  it('--progress and --builder are accepted and ignored; an unknown --progress mode is refused', async () => {
    const res = await bake('--builder', 'x', 'create', '--dry-run', '--progress', 'plain', '--builder=y', `${registry.host}/lib/multi:1`);
    expect(res.stderr).toBe('');
    expect(res.stdout).toBe(`${multi}\n`);
    expect((await bake('inspect', '--builder', 'x', '--raw', `${registry.host}/lib/multi:1`)).code).toBe(0);
    const bad = await bake('create', '--dry-run', '--progress', 'fancy', `${registry.host}/lib/multi:1`);
    expect(bad.stderr).toBe('ERROR: invalid --progress "fancy": expected one of auto, none, plain, rawjson, tty\n');
  });
});
