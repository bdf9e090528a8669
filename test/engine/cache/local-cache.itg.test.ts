// cache-to / cache-from type=local through the CLI: a fresh state dir importing an export
// rebuilds with every vertex cached (rawjson) and the same files, deletions (overlay
// whiteouts) included; mode=min exports only the final steps. type=registry goes through a
// real local registry the same way.
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBusyboxLayout } from '../../helpers/busybox.js';
import { runBake } from '../../helpers/cli.js';
import { hasRegistry, startRegistry } from '../../helpers/registry.js';
import type { TestRegistry } from '../../helpers/registry.js';
import { unmountAll } from '../../helpers/mounts.js';

const canBuild = process.getuid?.() === 0 && existsSync('/usr/sbin/runc');

const DOCKERFILE = `FROM base
COPY hello.txt /hello.txt
RUN mkdir /d && echo a > /d/a && echo b > /d/b
RUN rm /d/a && cat /hello.txt > /d/c
`;

interface RawVertex {
  digest: string;
  name: string;
  completed?: string;
  cached?: boolean;
}

function vertices(rawjson: string): RawVertex[] {
  const out = new Map<string, RawVertex>();
  for (const line of rawjson.split('\n')) {
    if (!line.startsWith('{')) continue;
    for (const v of (JSON.parse(line) as { vertexes?: RawVertex[] }).vertexes ?? []) out.set(v.digest, { ...out.get(v.digest), ...v });
  }
  return [...out.values()];
}

function recordCount(cacheDir: string): number {
  const index = JSON.parse(readFileSync(join(cacheDir, 'index.json'), 'utf8')) as { manifests: { digest: string }[] };
  const blob = (d: string): string => join(cacheDir, 'blobs', 'sha256', d.slice(7));
  const manifest = JSON.parse(readFileSync(blob(index.manifests[0]!.digest), 'utf8')) as { config: { digest: string } };
  return Object.keys((JSON.parse(readFileSync(blob(manifest.config.digest), 'utf8')) as { records: object }).records).length;
}

describe.skipIf(!canBuild)('cache export and import, type=local', () => {
  let work: string;
  const states: string[] = [];
  const state = (): string => {
    states.push(mkdtempSync(join(tmpdir(), 'bake-lc-state-')));
    return states[states.length - 1]!;
  };

  beforeAll(async () => {
    const layout = await ensureBusyboxLayout();
    work = mkdtempSync(join(tmpdir(), 'bake-lc-'));
    writeFileSync(join(work, 'Dockerfile'), DOCKERFILE);
    writeFileSync(join(work, 'hello.txt'), 'hello\n');
    writeFileSync(join(work, '.dockerignore'), 'out*\ncache*\n');
    writeFileSync(
      join(work, 'docker-bake.hcl'),
      `variable "OUT" { default = "out" }
target "default" {
  contexts = { base = "oci-layout://${layout}:1" }
  output = ["type=local,dest=\${OUT}"]
}
`,
    );
  });

  afterAll(() => {
    for (const s of states) unmountAll(s);
  });

  it('rebuilds from an imported mode=max export without running any step', async () => {
    const first = await runBake(['--progress=plain', '--set', '*.cache-to=type=local,dest=cache-max,mode=max'], {
      cwd: work,
      env: { BAKE_STATE_DIR: state() },
    });
    expect(first.stderr).not.toContain('ERROR');
    expect(first.code).toBe(0);
    expect(recordCount(join(work, 'cache-max'))).toBeGreaterThanOrEqual(5);

    const fresh = await runBake(['--progress=rawjson', '--set', '*.cache-from=type=local,src=cache-max'], {
      cwd: work,
      env: { BAKE_STATE_DIR: state(), OUT: 'out2' },
    });
    expect(fresh.stderr).not.toContain('ERROR');
    expect(fresh.code).toBe(0);
    const steps = vertices(fresh.stderr).filter((v) => !v.name.startsWith('[internal]') && !v.name.startsWith('exporting'));
    expect(steps.filter((v) => v.name.includes('RUN'))).toHaveLength(2);
    expect(steps.every((v) => v.cached)).toBe(true);
    expect(readdirSync(join(work, 'out2', 'd')).sort()).toEqual(['b', 'c']);
    expect(readFileSync(join(work, 'out2', 'd', 'c'), 'utf8')).toBe('hello\n');
  }, 240_000);

  it('exports only the final step with mode=min (the default)', async () => {
    const res = await runBake(['--progress=plain', '--set', '*.cache-to=type=local,dest=cache-min'], {
      cwd: work,
      env: { BAKE_STATE_DIR: state() },
    });
    expect(res.code).toBe(0);
    expect(recordCount(join(work, 'cache-min'))).toBe(1);
  }, 240_000);

  it('accepts type=inline, warns for types it cannot export, and skips a missing cache-from dir', async () => {
    const res = await runBake(
      ['--progress=plain', '--set', '*.cache-to=type=inline', '--set', '*.cache-from=type=local,src=no-such-dir'],
      { cwd: work, env: { BAKE_STATE_DIR: state() } },
    );
    expect(res.code).toBe(0);
    expect(res.stderr).not.toContain('not supported');
    const gha = await runBake(['--progress=plain', '--set', '*.cache-to=type=gha'], { cwd: work, env: { BAKE_STATE_DIR: state() } });
    expect(gha.code).toBe(0);
    expect(gha.stderr).toContain('cache-to type=gha is not supported yet');
  }, 240_000);
});

describe.skipIf(!canBuild || !hasRegistry)('cache export and import, type=registry', () => {
  let registry: TestRegistry;
  let work: string;
  const states: string[] = [];

  beforeAll(async () => {
    const layout = await ensureBusyboxLayout();
    registry = await startRegistry();
    work = mkdtempSync(join(tmpdir(), 'bake-rc-'));
    writeFileSync(join(work, 'Dockerfile'), DOCKERFILE);
    writeFileSync(join(work, 'hello.txt'), 'registry\n');
    writeFileSync(join(work, '.dockerignore'), 'out*\n');
    writeFileSync(
      join(work, 'docker-bake.hcl'),
      `target "default" {
  contexts = { base = "oci-layout://${layout}:1" }
  cache-to = ["type=registry,ref=${registry.host}/cache/demo:buildcache,mode=max"]
  cache-from = ["type=registry,ref=${registry.host}/cache/demo:buildcache"]
  output = ["type=local,dest=out"]
}
`,
    );
  });

  afterAll(async () => {
    for (const s of states) unmountAll(s);
    await registry?.stop();
  });

  it('pushes the cache under its tag; a fresh state dir pulls it and runs no step', async () => {
    const build = async (): Promise<string> => {
      const state = mkdtempSync(join(tmpdir(), 'bake-rc-state-'));
      states.push(state);
      const res = await runBake(['--progress=rawjson'], { cwd: work, env: { BAKE_STATE_DIR: state } });
      expect(res.stderr).not.toContain('ERROR');
      expect(res.code).toBe(0);
      return res.stderr;
    };
    const first = vertices(await build()).filter((v) => v.name.includes('RUN'));
    expect(first.every((v) => !v.cached)).toBe(true);
    const second = vertices(await build()).filter((v) => !v.name.startsWith('[internal]') && !v.name.startsWith('exporting'));
    expect(second.filter((v) => v.name.includes('RUN'))).toHaveLength(2);
    expect(second.every((v) => v.cached)).toBe(true);
    expect(readFileSync(join(work, 'out', 'd', 'c'), 'utf8')).toBe('registry\n');
  }, 240_000);
});
