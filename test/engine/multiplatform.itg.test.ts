// Multi-platform builds through the CLI: linux/amd64 + linux/arm64 from the two-arch busybox base,
// the arm64 RUN under qemu-user-static, the platform-independent stage run once, an OCI index,
// per-platform folders for local/tar, the docker exporter's refusal, and reproducible digests.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBusyboxMultiarchLayout } from '../helpers/busybox.js';
import { runBake } from '../helpers/cli.js';
import type { CliResult } from '../helpers/cli.js';
import { unmountAll } from '../helpers/mounts.js';
import { hasRegistry, startRegistry } from '../helpers/registry.js';

const canBuild = process.getuid?.() === 0 && existsSync('/usr/sbin/runc') && existsSync('/usr/bin/qemu-aarch64-static');

const DOCKERFILE = `FROM --platform=$BUILDPLATFORM busybox AS tool
RUN echo made-on-$(uname -m) > /tool
FROM busybox
COPY --from=tool /tool /tool
RUN uname -m > /arch
`;

function bakeFile(layout: string): string {
  return `
variable "REGISTRY" { default = "127.0.0.1:1" }
target "_common" {
  contexts = { busybox = "oci-layout://${layout}:1" }
  platforms = ["linux/amd64", "linux/arm64"]
  args = { SOURCE_DATE_EPOCH = "1700000000" }
}
target "multi" {
  inherits = ["_common"]
  tags = ["example.com/multi:1"]
  output = ["type=oci,dest=out/multi.tar", "type=local,dest=out/local"]
}
target "rootfs" {
  inherits = ["_common"]
  output = ["type=tar,dest=out/rootfs.tar"]
}
group "default" { targets = ["multi", "rootfs"] }
target "pushed" {
  inherits = ["_common"]
  tags = ["\${REGISTRY}/multi:1"]
  output = ["type=registry"]
}
target "docker" {
  inherits = ["_common"]
  output = ["type=docker,dest=out/docker.tar"]
}
`;
}

interface RawVertex {
  digest: string;
  name: string;
  completed?: string;
  cached?: boolean;
}

/** The vertices that ran (completed, not cached), by their final state in a rawjson stream. */
function ranVertices(rawjson: string): RawVertex[] {
  const out = new Map<string, RawVertex>();
  for (const line of rawjson.split('\n')) {
    if (!line.startsWith('{')) continue;
    for (const v of (JSON.parse(line) as { vertexes?: RawVertex[] }).vertexes ?? []) out.set(v.digest, { ...out.get(v.digest), ...v });
  }
  return [...out.values()].filter((v) => v.completed && !v.cached);
}

describe.skipIf(!canBuild)('multi-platform builds', () => {
  let work: string;
  let first: CliResult;

  const bake = (args: string[], state: string): Promise<CliResult> =>
    runBake(['--progress=rawjson', ...args], { cwd: work, env: { BAKE_STATE_DIR: join(work, state) } });

  beforeAll(async () => {
    const layout = await ensureBusyboxMultiarchLayout();
    work = mkdtempSync(join(tmpdir(), 'bake-multiplatform-'));
    writeFileSync(join(work, 'Dockerfile'), DOCKERFILE);
    writeFileSync(join(work, 'docker-bake.hcl'), bakeFile(layout));
    first = await bake(['--metadata-file', 'meta1.json'], 'state1');
  }, 240_000);

  afterAll(() => {
    if (work) unmountAll(work);
  });

  it('runs each platform RUN natively or under qemu, and the BUILDPLATFORM stage once', () => {
    expect(first.stderr).not.toContain('ERROR');
    expect(first.code).toBe(0);
    const tool = ranVertices(first.stderr).filter((v) => v.name.includes('RUN echo made-on'));
    expect(tool).toHaveLength(1);
    const archRuns = ranVertices(first.stderr).filter((v) => v.name.includes('RUN uname -m'));
    expect(archRuns).toHaveLength(2);
    expect(readFileSync(join(work, 'out/local/linux_amd64/arch'), 'utf8')).toBe('x86_64\n');
    expect(readFileSync(join(work, 'out/local/linux_arm64/arch'), 'utf8')).toBe('aarch64\n');
    expect(readFileSync(join(work, 'out/local/linux_arm64/tool'), 'utf8')).toBe('made-on-x86_64\n');
  });

  it('exports an OCI index with both platforms that skopeo reads', () => {
    const dir = join(work, 'oci');
    mkdirSync(dir);
    execFileSync('tar', ['-xf', join(work, 'out/multi.tar'), '-C', dir]);
    const raw = JSON.parse(execFileSync('skopeo', ['inspect', '--raw', `oci:${dir}:1`], { encoding: 'utf8' })) as {
      mediaType: string;
      manifests: { platform: { os: string; architecture: string } }[];
    };
    expect(raw.mediaType).toBe('application/vnd.oci.image.index.v1+json');
    expect(raw.manifests.map((m) => `${m.platform.os}/${m.platform.architecture}`)).toEqual(['linux/amd64', 'linux/arm64']);
    const arm = JSON.parse(
      execFileSync('skopeo', ['inspect', '--override-arch', 'arm64', `oci:${dir}:1`], { encoding: 'utf8' }),
    ) as { Architecture: string };
    expect(arm.Architecture).toBe('arm64');
  });

  it('puts each platform of a tar output in its own folder', () => {
    const entries = execFileSync('tar', ['-tf', join(work, 'out/rootfs.tar')], { encoding: 'utf8' }).split('\n');
    expect(entries).toContain('linux_amd64/arch');
    expect(entries).toContain('linux_arm64/arch');
  });

  it('gives the same digests on a second cold build with SOURCE_DATE_EPOCH', async () => {
    const second = await bake(['--metadata-file', 'meta2.json'], 'state2');
    expect(second.code).toBe(0);
    const digest = (file: string): string =>
      (JSON.parse(readFileSync(join(work, file), 'utf8')) as Record<string, Record<string, string>>)['multi']!['containerimage.digest']!;
    expect(digest('meta2.json')).toMatch(/^sha256:/);
    expect(digest('meta2.json')).toBe(digest('meta1.json'));
  }, 240_000);

  it.skipIf(!hasRegistry)('pushes the index and both manifests to a registry, readable back by digest', async () => {
    const registry = await startRegistry();
    try {
      const r = await runBake(['--progress=rawjson', '--metadata-file', 'meta-push.json', 'pushed'], {
        cwd: work,
        env: { BAKE_STATE_DIR: join(work, 'state1'), REGISTRY: registry.host },
      });
      expect(r.code, r.stderr).toBe(0);
      const skopeo = (...args: string[]): string => execFileSync('skopeo', ['inspect', '--tls-verify=false', ...args], { encoding: 'utf8' });
      const raw = JSON.parse(skopeo('--raw', `docker://${registry.host}/multi:1`)) as { manifests: { platform: { architecture: string } }[] };
      expect(raw.manifests.map((m) => m.platform.architecture)).toEqual(['amd64', 'arm64']);
      const meta = JSON.parse(readFileSync(join(work, 'meta-push.json'), 'utf8')) as Record<string, Record<string, string>>;
      const digest = meta['pushed']!['containerimage.digest']!;
      const arm = JSON.parse(skopeo('--override-arch', 'arm64', `docker://${registry.host}/multi@${digest}`)) as { Architecture: string };
      expect(arm.Architecture).toBe('arm64');
    } finally {
      await registry.stop();
    }
  }, 120_000);

  it('refuses a docker output for several platforms as BuildKit does', async () => {
    const r = await bake(['docker'], 'state1');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('docker exporter does not currently support exporting manifest lists');
    expect(existsSync(join(work, 'out/docker.tar'))).toBe(false);
  }, 120_000);
});
