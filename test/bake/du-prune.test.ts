// `bake du` and `bake prune` through the CLI on a real state dir: listing records, filters,
// --keep-storage, confirmation, collection after a build over the size limit, and a prune run
// by another process while a build uses the cache.
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBusyboxLayout } from '../helpers/busybox.js';
import { runBake, startBake } from '../helpers/cli.js';
import { unmountAll } from '../helpers/mounts.js';

const canBuild = process.getuid?.() === 0 && existsSync('/usr/sbin/runc');

const DOCKERFILE = `FROM base
RUN echo one > /one
RUN --mount=type=cache,target=/c echo two > /two
ARG SLEEP=0
RUN sleep $SLEEP && cat /one /two > /three
`;

describe.skipIf(!canBuild)('bake du / bake prune', () => {
  let work: string;
  let state: string;
  let env: Record<string, string>;
  const records = (): string[] => readdirSync(join(state, 'cache'));
  const layers = (): string[] => readdirSync(join(state, 'layers'));
  const bake = (args: string[], extra: Record<string, string> = {}) => runBake(args, { cwd: work, env: { ...env, ...extra } });

  beforeAll(async () => {
    const layout = await ensureBusyboxLayout();
    work = mkdtempSync(join(tmpdir(), 'bake-du-'));
    state = mkdtempSync(join(tmpdir(), 'bake-du-state-'));
    env = { BAKE_STATE_DIR: state };
    writeFileSync(join(work, 'Dockerfile'), DOCKERFILE);
    writeFileSync(
      join(work, 'docker-bake.hcl'),
      `target "default" {\n  contexts = { base = "oci-layout://${layout}:1" }\n  output = ["type=local,dest=out"]\n}\n`,
    );
  });

  afterAll(() => {
    if (state) unmountAll(state);
  });

  it('lists every record with size and last use, and totals', async () => {
    expect((await bake(['--progress=plain'])).code).toBe(0);
    const du = await bake(['du']);
    expect(du.code).toBe(0);
    const lines = du.stdout.split('\n');
    expect(lines[0]).toMatch(/^ID\s+RECLAIMABLE\s+SIZE\s+LAST ACCESSED$/);
    const rows = lines.filter((l) => /^[0-9a-f]{64}\s/.test(l));
    expect(rows).toHaveLength(records().length);
    expect(rows.every((r) => /\strue\s+[\d.]+k?M?B\s+\d+ seconds ago$/.test(r))).toBe(true);
    expect(du.stdout).toMatch(/^Total:\s+[1-9][\d.]*[kM]B$/m);
    const verbose = await bake(['du', '--verbose']);
    expect(verbose.stdout.match(/^ID:\s/gm)).toHaveLength(rows.length);
    expect(verbose.stdout).toMatch(/^Shared:\s+(true|false)$/m);
  }, 120_000);

  it('keeps everything without confirmation, for recent records, and under --keep-storage', async () => {
    const before = records().length;
    const refused = await bake(['prune']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Are you sure you want to continue? [y/N]');
    expect((await bake(['prune', '-f', '--filter', 'until=24h'])).stdout).toBe('Total:\t0B\n');
    expect((await bake(['prune', '-f', '--keep-storage', '10GB'])).stdout).toBe('Total:\t0B\n');
    expect(records()).toHaveLength(before);
    const bad = await bake(['prune', '-f', '--filter', 'label=x']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("unsupported filter 'label=x'");
  }, 60_000);

  it('removes records and their layers; the next build runs the steps again', async () => {
    const res = await bake(['prune', '--all', '--force']);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^Total:\t[1-9][\d.]*[kM]B$/m);
    expect(records()).toEqual([]);
    expect(layers()).toEqual([]);
    expect(readdirSync(join(state, 'cache-mounts'))).toEqual([]);
    const again = await bake(['--progress=plain']);
    expect(again.code).toBe(0);
    expect(again.stderr).not.toContain('CACHED');
  }, 120_000);

  it('collects the cache after a build over BAKE_CACHE_KEEP_STORAGE', async () => {
    expect(records().length).toBeGreaterThan(0);
    // The size is measured at most every 10 minutes; the builds above just did.
    const skipped = await bake(['--progress=plain'], { BAKE_CACHE_KEEP_STORAGE: '1B' });
    expect(skipped.code).toBe(0);
    expect(records().length).toBeGreaterThan(0);
    rmSync(join(state, 'gc-checked'));
    const res = await bake(['--progress=plain'], { BAKE_CACHE_KEEP_STORAGE: '1B' });
    expect(res.code).toBe(0);
    expect(records()).toEqual([]);
    expect(layers()).toEqual([]);
  }, 120_000);

  it('survives prune --all run by another process during a build', async () => {
    expect((await bake(['--progress=plain'])).code).toBe(0);
    // The long step runs on layers taken from the cache: prune must leave them (leased).
    const build = startBake(['--progress=plain', '--set', '*.args.SLEEP=4'], { cwd: work, env });
    await build.waitFor('RUN sleep 4');
    const prunes = [];
    for (let i = 0; i < 3; i++) {
      prunes.push(await bake(['prune', '--all', '--force']));
      await new Promise((r) => setTimeout(r, 700));
    }
    const res = await build.done;
    expect(res.stderr).not.toContain('ERROR');
    expect(res.stderr.match(/CACHED/g)?.length).toBeGreaterThanOrEqual(3);
    expect(res.code).toBe(0);
    expect(prunes.every((p) => p.code === 0)).toBe(true);
    expect(readdirSync(join(work, 'out')).sort()).toEqual(expect.arrayContaining(['one', 'three', 'two']));
    // Once the build is over, nothing is leased and prune empties the cache.
    await bake(['prune', '--all', '--force']);
    expect(records()).toEqual([]);
    expect(layers()).toEqual([]);
  }, 120_000);
});
