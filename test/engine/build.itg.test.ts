// End-to-end builds of the demo monorepo (fixtures/) through the CLI on the embedded engine:
// real overlayfs snapshots, a real OCI runtime, real exporters.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBusyboxLayout } from '../helpers/busybox.js';
import { runBake, startBake } from '../helpers/cli.js';
import { mountsUnder, unmountAll } from '../helpers/mounts.js';

const repo = resolve(import.meta.dirname, '..', '..');
const canBuild = process.getuid?.() === 0 && existsSync('/usr/sbin/runc');

interface RawVertex {
  digest: string;
  name: string;
  started?: string;
  completed?: string;
  cached?: boolean;
  targets?: string[];
}

/** Final state of every vertex seen in a rawjson progress stream. */
function vertices(rawjson: string): Map<string, RawVertex> {
  const out = new Map<string, RawVertex>();
  for (const line of rawjson.split('\n')) {
    if (!line.startsWith('{')) continue;
    const status = JSON.parse(line) as { vertexes?: RawVertex[] };
    for (const v of status.vertexes ?? []) out.set(v.digest, { ...out.get(v.digest), ...v });
  }
  return out;
}

function ran(vs: Map<string, RawVertex>): RawVertex[] {
  return [...vs.values()].filter((v) => v.completed && !v.cached);
}

function readOciConfig(dir: string): { config: Record<string, unknown>; manifest: { layers: { digest: string }[] } } {
  const blob = (d: string): string => join(dir, 'blobs', ...d.split(':'));
  const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as { manifests: { digest: string }[] };
  let manifest = JSON.parse(readFileSync(blob(index.manifests[0]!.digest), 'utf8')) as {
    manifests?: { digest: string }[];
    config: { digest: string };
    layers: { digest: string }[];
  };
  if (manifest.manifests) manifest = JSON.parse(readFileSync(blob(manifest.manifests[0]!.digest), 'utf8'));
  return { config: JSON.parse(readFileSync(blob(manifest.config.digest), 'utf8')), manifest };
}

describe.skipIf(!canBuild)('bake builds the demo monorepo', () => {
  let work: string;
  let env: Record<string, string>;
  let first: { code: number | null; stderr: string };

  beforeAll(async () => {
    const layout = await ensureBusyboxLayout();
    work = mkdtempSync(join(tmpdir(), 'bake-itg-'));
    cpSync(join(repo, 'fixtures', 'monorepo'), join(work, 'fixtures', 'monorepo'), { recursive: true });
    cpSync(join(repo, 'docker-bake.hcl'), join(work, 'docker-bake.hcl'));
    env = { BAKE_STATE_DIR: join(work, 'state'), BASE_LAYOUT: layout };
    first = await runBake(['--progress=rawjson'], { cwd: work, env });
  }, 240_000);

  afterAll(() => {
    if (work) unmountAll(work);
  });

  it('builds every target and runs the shared base stage once for all of them', () => {
    expect(first.stderr).not.toContain('ERROR');
    expect(first.code).toBe(0);
    const base = [...vertices(first.stderr).values()].filter((v) => v.name.includes('shared toolchain'));
    expect(base).toHaveLength(1);
    expect(base[0]!.targets?.sort()).toEqual(['api', 'web', 'worker']);
    expect(mountsUnder(work)).toEqual([]);
  });

  it('exports an OCI image with the config the Dockerfile describes, accepted by skopeo and umoci', () => {
    const dir = join(work, 'oci-api');
    execFileSync('mkdir', ['-p', dir]);
    execFileSync('tar', ['-xf', join(work, 'out', 'api.oci.tar'), '-C', dir]);
    const { config, manifest } = readOciConfig(dir);
    const c = config['config'] as Record<string, unknown>;
    expect(c['Env']).toContain('SERVICE=api');
    expect(c['Env']).toContain('VERSION=1.0.0');
    expect(c['User']).toBe('nobody');
    expect(c['Cmd']).toEqual(['/usr/local/bin/api']);
    expect(c['ExposedPorts']).toEqual({ '8080/tcp': {} });
    expect((c['Labels'] as Record<string, string>)['org.opencontainers.image.version']).toBe('1.0.0');
    expect(manifest.layers.length).toBeGreaterThanOrEqual(3);
    const inspect = JSON.parse(execFileSync('skopeo', ['inspect', `oci-archive:${join(work, 'out', 'api.oci.tar')}`], { encoding: 'utf8' })) as {
      Layers: string[];
    };
    expect(inspect.Layers).toEqual(manifest.layers.map((l) => l.digest));
    const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as { manifests: { annotations?: Record<string, string> }[] };
    const tag = index.manifests[0]!.annotations?.['org.opencontainers.image.ref.name'];
    expect(tag).toBeTruthy();
    execFileSync('umoci', ['unpack', '--image', `${dir}:${tag}`, join(work, 'bundle-api')]);
    const api = join(work, 'bundle-api', 'rootfs', 'usr', 'local', 'bin', 'api');
    expect(statSync(api).mode & 0o777).toBe(0o755);
    expect(readFileSync(api, 'utf8')).toContain('# built with shared toolchain');
    expect(readFileSync(api, 'utf8')).toContain('api service');
  });

  it('exports a scratch stage with a local exporter holding only the copied files', () => {
    const web = join(work, 'out', 'web');
    expect(readdirSync(web)).toEqual(['index.html']);
    expect(readFileSync(join(web, 'index.html'), 'utf8')).toContain('<p>web 1.0.0</p>');
  });

  it('writes a docker-archive tar with the tag and the linked target: context files', () => {
    const dir = join(work, 'docker-worker');
    execFileSync('mkdir', ['-p', dir]);
    execFileSync('tar', ['-xf', join(work, 'out', 'worker.docker.tar'), '-C', dir]);
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { RepoTags: string[]; Layers: string[] }[];
    expect(manifest[0]!.RepoTags).toEqual(['monorepo/worker:1.0.0']);
    const listing = manifest[0]!.Layers.flatMap((l) => execFileSync('tar', ['-tf', join(dir, l)], { encoding: 'utf8' }).split('\n'));
    expect(listing.some((p) => p.replace(/^\.\//, '') === 'opt/lib/common.sh')).toBe(true);
  });

  it('takes every step from cache when nothing changed, and when a file no COPY selects changes', async () => {
    writeFileSync(join(work, 'fixtures', 'monorepo', 'services', 'api', 'NOTES.md'), 'not copied\n');
    const again = await runBake(['--progress=rawjson'], { cwd: work, env });
    expect(again.code).toBe(0);
    expect(ran(vertices(again.stderr)).map((v) => v.name)).toEqual([]);
  });

  it('reruns only the steps downstream of an edited source file', async () => {
    appendFileSync(join(work, 'fixtures', 'monorepo', 'services', 'api', 'main.sh'), 'echo edited\n');
    const edited = await runBake(['--progress=rawjson'], { cwd: work, env });
    expect(edited.code).toBe(0);
    const rerun = ran(vertices(edited.stderr));
    expect(rerun.length).toBeGreaterThan(0);
    for (const v of rerun) expect(v.targets).toEqual(['api']);
  });
});

describe.skipIf(!canBuild)('an interrupted build', () => {
  let work: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    const layout = await ensureBusyboxLayout();
    work = mkdtempSync(join(tmpdir(), 'bake-kill-'));
    writeFileSync(join(work, 'Dockerfile'), 'FROM busybox\nRUN echo first > /first\nARG DELAY=0\nRUN sleep $DELAY && echo second > /second\n');
    writeFileSync(
      join(work, 'docker-bake.hcl'),
      `target "default" {\n  contexts = { busybox = "oci-layout://${layout}:1" }\n  output = ["type=local,dest=out"]\n}\n`,
    );
    env = { BAKE_STATE_DIR: join(work, 'state') };
  }, 120_000);

  afterAll(() => {
    if (work) unmountAll(work);
  });

  it('stops on SIGINT, unmounts everything, and the rerun reuses the finished steps', async () => {
    const run = startBake(['--progress=plain', '--set', '*.args.DELAY=30'], { cwd: work, env });
    await run.waitFor('RUN sleep');
    await new Promise((r) => setTimeout(r, 500));
    run.child.kill('SIGINT');
    const result = await run.done;
    expect(result.code).not.toBe(0);
    expect(mountsUnder(join(work, 'state'))).toEqual([]);
    const rerun = await runBake(['--progress=plain'], { cwd: work, env });
    expect(rerun.code).toBe(0);
    expect(rerun.stderr).toMatch(/RUN echo first[^\n]*\n#\d+ CACHED/);
    expect(readFileSync(join(work, 'out', 'second'), 'utf8')).toBe('second\n');
  }, 120_000);

  it('after kill -9 during a RUN, the next run succeeds on the same state dir', async () => {
    const run = startBake(['--progress=plain', '--set', '*.args.DELAY=31'], { cwd: work, env });
    await run.waitFor('RUN sleep');
    await new Promise((r) => setTimeout(r, 500));
    run.child.kill('SIGKILL');
    await run.done;
    const rerun = await runBake(['--progress=plain', '--set', '*.args.DELAY=1'], { cwd: work, env });
    expect(rerun.stderr).not.toContain('ERROR');
    expect(rerun.code).toBe(0);
  }, 120_000);
});
