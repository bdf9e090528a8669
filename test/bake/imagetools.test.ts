// `bake imagetools inspect|create` through the CLI against a real docker-registry holding
// busybox (copied there by skopeo).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatPlatform, hostPlatform } from '../../src/engine/platform.js';
import { ensureBusyboxLayout, ensureBusyboxMultiarchLayout } from '../helpers/busybox.js';
import { runBake } from '../helpers/cli.js';
import { imagetoolsCommand } from '../../src/bake/cli/commands/imagetools.js';
import { ContentStore } from '../../src/engine/content/store.js';
import { RegistryClient } from '../../src/engine/registry/client.js';
import { hasRegistry, startRegistry } from '../helpers/registry.js';
import type { TestRegistry } from '../helpers/registry.js';

let registry: TestRegistry;
let dir: string;
let manifest: string;
let digest: string;
let multiRaw: string;

const bake = (...args: string[]): ReturnType<typeof runBake> =>
  runBake(['imagetools', ...args], { cwd: dir, env: { BAKE_STATE_DIR: join(dir, 'state'), BAKE_REGISTRY_RETRIES: '0' } });

const skopeoRaw = (ref: string): string => execFileSync('skopeo', ['inspect', '--raw', '--tls-verify=false', `docker://${ref}`], { encoding: 'utf8' });
const sha = (text: string): string => `sha256:${createHash('sha256').update(text).digest('hex')}`;

interface Index {
  mediaType: string;
  manifests: { digest: string; platform: { os: string; architecture: string }; annotations?: Record<string, string> }[];
  annotations?: Record<string, string>;
}

describe.skipIf(!hasRegistry)('bake imagetools', () => {
  beforeAll(async () => {
    const layout = await ensureBusyboxLayout();
    registry = await startRegistry();
    dir = await mkdtemp(join(tmpdir(), 'bake-imagetools-'));
    execFileSync('skopeo', ['copy', '--quiet', '--dest-tls-verify=false', `oci:${layout}:1`, `docker://${registry.host}/lib/busybox:1`]);
    manifest = execFileSync('skopeo', ['inspect', '--raw', '--tls-verify=false', `docker://${registry.host}/lib/busybox:1`], { encoding: 'utf8' });
    digest = `sha256:${createHash('sha256').update(manifest).digest('hex')}`;
    const multi = await ensureBusyboxMultiarchLayout();
    execFileSync('skopeo', ['copy', '--quiet', '--all', '--dest-tls-verify=false', `oci:${multi}:1`, `docker://${registry.host}/lib/multi:1`]);
    multiRaw = skopeoRaw(`${registry.host}/lib/multi:1`);
  });
  afterAll(async () => {
    await registry?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('inspect --raw prints the manifest bytes as stored', async () => {
    const res = await bake('inspect', '--raw', `${registry.host}/lib/busybox:1`);
    expect(res.code).toBe(0);
    expect(res.stdout).toBe(manifest.endsWith('\n') ? manifest : `${manifest}\n`);
  });

  it('inspect prints name, media type and digest like buildx', async () => {
    const res = await bake('inspect', `${registry.host}/lib/busybox:1`);
    expect(res.stdout).toBe(
      `Name:      ${registry.host}/lib/busybox:1\nMediaType: application/vnd.oci.image.manifest.v1+json\nDigest:    ${digest}\n`,
    );
  });

  it('create combines manifests into an index under every tag, copying content across repositories', async () => {
    const res = await bake('create', '-t', `${registry.host}/other/multi:a`, '-t', `${registry.host}/other/multi:b`, `${registry.host}/lib/busybox:1`);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const raw = execFileSync('skopeo', ['inspect', '--raw', '--tls-verify=false', `docker://${registry.host}/other/multi:b`], { encoding: 'utf8' });
    const index = JSON.parse(raw) as { mediaType: string; manifests: { digest: string; platform: { os: string; architecture: string } }[] };
    expect(index.mediaType).toBe('application/vnd.oci.image.index.v1+json');
    expect(index.manifests.map((m) => m.digest)).toEqual([digest]);
    expect(formatPlatform(index.manifests[0]!.platform)).toBe(formatPlatform(hostPlatform()));
    // The copied image is complete: skopeo can read its config through the new repository.
    execFileSync('skopeo', ['inspect', '--tls-verify=false', `docker://${registry.host}/other/multi@${digest}`]);
    const shown = await bake('inspect', `${registry.host}/other/multi:a`);
    expect(shown.stdout).toContain(`Manifests:\n  Name:        ${registry.host}/other/multi@${digest}\n  MediaType:   application/vnd.oci.image.manifest.v1+json\n  Platform:    ${formatPlatform(hostPlatform())}\n`);
  });

  it('create --dry-run prints the index without pushing; errors name the image and registry', async () => {
    const dry = await bake('create', '--dry-run', `${registry.host}/lib/busybox:1`);
    expect(JSON.parse(dry.stdout)).toMatchObject({ schemaVersion: 2, manifests: [{ digest }] });
    const missing = await bake('inspect', `${registry.host}/lib/none:1`);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(`ERROR: ${registry.host}/lib/none:1: registry ${registry.host}: not found\n`);
    const usage = await bake('create', `${registry.host}/lib/busybox:1`);
    expect(usage.stderr).toContain('no tags specified');
  });

  it('inspect --format runs buildx templates: json of the whole input, .Image keyed by platform, field chains', async () => {
    const ref = `${registry.host}/lib/multi:1`;
    const index = JSON.parse(multiRaw) as Index;
    const all = await bake('inspect', '--format', '{{json .}}', ref);
    expect(all.stderr).toBe('');
    const doc = JSON.parse(all.stdout) as { name: string; manifest: { digest: string; size: number; manifests: unknown[] }; image: Record<string, { architecture: string; rootfs: { type: string } }> };
    expect(doc.name).toBe(ref);
    expect(doc.manifest).toMatchObject({ schemaVersion: 2, mediaType: index.mediaType, digest: sha(multiRaw), size: Buffer.byteLength(multiRaw) });
    expect(Object.keys(doc.image)).toEqual(['linux/amd64', 'linux/arm64']);
    expect(doc.image['linux/arm64']).toMatchObject({ architecture: 'arm64', os: 'linux', rootfs: { type: 'layers' } });
    // Go's key order: created, author, architecture, os, ..., config, rootfs, history.
    expect(Object.keys(doc.image['linux/amd64']!).indexOf('architecture')).toBeLessThan(Object.keys(doc.image['linux/amd64']!).indexOf('rootfs'));
    expect((await bake('inspect', '--format', '{{.Manifest.Digest}}', ref)).stdout).toBe(`${sha(multiRaw)}\n`);
    expect((await bake('inspect', '--format', '{{json .Manifest.Digest}}', ref)).stdout).toBe(`"${sha(multiRaw)}"\n`);
    expect((await bake('inspect', '--format', '{{(index .Image "linux/arm64").Architecture}}', ref)).stdout).toBe('arm64\n');
    expect((await bake('inspect', '--format', '{{range .Manifest.Manifests}}{{.Platform.Architecture}} {{end}}', ref)).stdout).toBe('amd64 arm64 \n');
    // {{.Manifest}} is buildx's default text; a single-platform .Image is the config itself.
    expect((await bake('inspect', '--format', '{{.Manifest}}', ref)).stdout).toBe((await bake('inspect', ref)).stdout);
    const one = JSON.parse((await bake('inspect', '--format', '{{json .Image}}', `${registry.host}/lib/busybox:1`)).stdout) as { os: string };
    expect(one.os).toBe('linux');
  });

  it('inspect --format errors are one line naming the flag', async () => {
    const bad = await bake('inspect', '--format', '{{.Nope}}', `${registry.host}/lib/busybox:1`);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe("ERROR: --format: template: can't evaluate field Nope\n");
    const unclosed = await bake('inspect', '--format', '{{range .Image}}', `${registry.host}/lib/busybox:1`);
    expect(unclosed.stderr).toBe('ERROR: --format: template: unexpected EOF: {{range}} has no {{end}}\n');
    expect((await bake('inspect', '--raw', '--format', '{{.Name}}', `${registry.host}/lib/busybox:1`)).stderr).toContain('--format and --raw cannot be used together');
  });

  it('create --annotation sets index and per-platform descriptor annotations', async () => {
    const res = await bake(
      'create', '--dry-run',
      '--annotation', 'index:org.opencontainers.image.authors=bake',
      '--annotation', 'manifest-descriptor[linux/arm64]:org.example.arch=arm',
      `${registry.host}/lib/multi:1`,
    );
    expect(res.stderr).toBe('');
    const index = JSON.parse(res.stdout) as Index;
    expect(index.mediaType).toBe('application/vnd.oci.image.index.v1+json');
    expect(index.annotations).toEqual({ 'org.opencontainers.image.authors': 'bake' });
    const byArch = Object.fromEntries(index.manifests.map((m) => [m.platform.architecture, m.annotations]));
    expect(byArch).toEqual({ amd64: undefined, arm64: { 'org.example.arch': 'arm' } });
    const wrong = await bake('create', '--dry-run', '--annotation', 'manifest:a=b', `${registry.host}/lib/multi:1`);
    expect(wrong.stderr).toBe('ERROR: invalid --annotation "manifest:a=b": imagetools create supports only the index: and manifest-descriptor: types\n');
  });

  it('create -f reads a descriptor file; bare digests resolve in the one repository named', async () => {
    const index = JSON.parse(multiRaw) as Index;
    const arm = index.manifests.find((m) => m.platform.architecture === 'arm64')!;
    const file = join(dir, 'desc.json');
    await writeFile(file, JSON.stringify({ ...arm, platform: { ...arm.platform, 'os.version': '10.1' }, annotations: { 'org.example.from': 'file' } }));
    const amd = index.manifests.find((m) => m.platform.architecture === 'amd64')!;
    const res = await bake('create', '-t', `${registry.host}/lib/multi:combined`, '-f', file, amd.digest);
    expect(res.stderr).toBe('');
    const pushed = JSON.parse(skopeoRaw(`${registry.host}/lib/multi:combined`)) as Index;
    expect(pushed.manifests.map((m) => m.digest)).toEqual([arm.digest, amd.digest]);
    expect(pushed.manifests[0]).toMatchObject({ platform: { 'os.version': '10.1' }, annotations: { 'org.example.from': 'file' } });
    const ambiguous = await bake('create', '--dry-run', '-t', `${registry.host}/a/b:1`, '-t', `${registry.host}/c/d:1`, amd.digest);
    expect(ambiguous.stderr).toBe(`ERROR: multiple repositories currently not supported, rewrite ${amd.digest} with explicit repository\n`);
  });

  it('create --append adds the sources to the manifests the first tag already lists', async () => {
    const index = JSON.parse(multiRaw) as Index;
    const [first, second] = index.manifests;
    const tag = `${registry.host}/lib/multi:grow`;
    expect((await bake('create', '-t', tag, `${registry.host}/lib/multi@${first!.digest}`)).stderr).toBe('');
    expect((JSON.parse(skopeoRaw(tag)) as Index).manifests.map((m) => m.digest)).toEqual([first!.digest]);
    const res = await bake('create', '--append', '-t', tag, `${registry.host}/lib/multi@${second!.digest}`, `${registry.host}/lib/multi@${first!.digest}`);
    expect(res.stderr).toBe('');
    expect((JSON.parse(skopeoRaw(tag)) as Index).manifests.map((m) => m.digest)).toEqual([first!.digest, second!.digest]);
  });

  it('create -f - reads the source descriptor from standard input', async () => {
    const index = JSON.parse(multiRaw) as Index;
    const arm = index.manifests.find((m) => m.platform.architecture === 'arm64')!;
    let out = '';
    const inv = { cwd: dir, env: { BAKE_STATE_DIR: join(dir, 'state'), BAKE_REGISTRY_RETRIES: '0' }, readStdin: () => Promise.resolve(JSON.stringify({ ...arm, annotations: { from: 'stdin' } })) };
    const code = await imagetoolsCommand(['create', '--dry-run', '-t', `${registry.host}/lib/multi:x`, '-f', '-'], inv, (t) => (out += t));
    expect(code).toBe(0);
    expect((JSON.parse(out) as Index).manifests).toEqual([{ ...arm, annotations: { from: 'stdin' } }]);
  });

  /** Pushes an index of busybox plus an attestation manifest holding SLSA and SPDX statements. */
  async function pushAttested(tag: string): Promise<void> {
    const client = new RegistryClient(registry.host, { env: {} });
    const store = new ContentStore(join(dir, 'att-store'));
    const blob = async (value: object, mediaType: string, annotations?: Record<string, string>): Promise<{ mediaType: string; digest: string; size: number }> => {
      const ref = await store.write(Buffer.from(JSON.stringify(value)));
      const desc = { mediaType, ...ref, ...(annotations && { annotations }) };
      await client.pushBlob('lib/busybox', desc, store, 'test');
      return desc;
    };
    const statement = (predicateType: string, predicate: object): object => ({ _type: 'https://in-toto.io/Statement/v0.1', predicateType, subject: [], predicate });
    const config = await blob({ architecture: 'unknown', os: 'unknown', config: {}, rootfs: { type: 'layers', diff_ids: [] } }, 'application/vnd.oci.image.config.v1+json');
    const layers = [
      await blob(statement('https://slsa.dev/provenance/v0.2', { builder: { id: '' }, buildType: 'https://mobyproject.org/buildkit@v1' }), 'application/vnd.in-toto+json', { 'in-toto.io/predicate-type': 'https://slsa.dev/provenance/v0.2' }),
      await blob(statement('https://spdx.dev/Document', { spdxVersion: 'SPDX-2.3', SPDXID: 'SPDXRef-DOCUMENT' }), 'application/vnd.in-toto+json', { 'in-toto.io/predicate-type': 'https://spdx.dev/Document' }),
    ];
    const att = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config, layers }));
    await client.putManifest('lib/busybox', sha(att.toString()), 'application/vnd.oci.image.manifest.v1+json', att, 'test');
    const index = {
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: [
        { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest, size: Buffer.byteLength(manifest), platform: hostPlatform() },
        {
          mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: sha(att.toString()), size: att.length,
          annotations: { 'vnd.docker.reference.digest': digest, 'vnd.docker.reference.type': 'attestation-manifest' },
          platform: { architecture: 'unknown', os: 'unknown' },
        },
      ],
    };
    await client.putManifest('lib/busybox', tag.split(':').pop()!, 'application/vnd.oci.image.index.v1+json', Buffer.from(JSON.stringify(index)), 'test');
  }

  it('inspect --format reads .Provenance and .SBOM from attestation manifests, and {{json .}} leaves them out', async () => {
    const tag = `${registry.host}/lib/busybox:attested`;
    await pushAttested(tag);
    const prov = await bake('inspect', '--format', '{{json .Provenance}}', tag);
    expect(prov.stderr).toBe('');
    expect(prov.stdout).toBe('{\n  "SLSA": {\n    "buildType": "https://mobyproject.org/buildkit@v1",\n    "builder": {\n      "id": ""\n    }\n  }\n}\n');
    expect((await bake('inspect', '--format', '{{.SBOM.SPDX.spdxVersion}}', tag)).stdout).toBe('SPDX-2.3\n');
    expect(Object.keys(JSON.parse((await bake('inspect', '--format', '{{json .}}', tag)).stdout) as object)).toEqual(['name', 'manifest', 'image']);
    expect((await bake('inspect', '--format', '{{json .Provenance}}', `${registry.host}/lib/busybox:1`)).stdout).toBe('{}\n');
  });
});
