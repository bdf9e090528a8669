// How the engine's entry point (src/engine/index.ts) orders exports against the steps still
// running: a target is exported as soon as its own steps are done.
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBusyboxLayout } from '../helpers/busybox.js';
import { runBake } from '../helpers/cli.js';
import type { CliResult } from '../helpers/cli.js';
import { unmountAll } from '../helpers/mounts.js';

const canBuild = process.getuid?.() === 0 && existsSync('/usr/sbin/runc');

function completedAt(rawjson: string, name: string): number {
  let at = 0;
  for (const line of rawjson.split('\n')) {
    if (!line.startsWith('{')) continue;
    for (const v of (JSON.parse(line) as { vertexes?: { name: string; completed?: string }[] }).vertexes ?? []) {
      if (v.name.includes(name) && v.completed) at = Date.parse(v.completed);
    }
  }
  return at;
}

describe.skipIf(!canBuild)('exports', () => {
  let work: string;
  let result: CliResult;

  beforeAll(async () => {
    const layout = await ensureBusyboxLayout();
    work = mkdtempSync(join(tmpdir(), 'bake-exports-'));
    writeFileSync(join(work, 'fast.Dockerfile'), 'FROM busybox\nRUN echo fast > /fast\n');
    writeFileSync(join(work, 'slow.Dockerfile'), 'FROM busybox\nRUN sleep 3 && echo slow > /slow\n');
    const target = (name: string, output: string): string =>
      `target "${name}" {\n  dockerfile = "${name}.Dockerfile"\n  contexts = { busybox = "oci-layout://${layout}:1" }\n  output = ["${output}"]\n}\n`;
    writeFileSync(
      join(work, 'docker-bake.hcl'),
      `${target('fast', 'type=oci,dest=fast.tar')}${target('slow', 'type=local,dest=slow')}group "default" {\n  targets = ["fast", "slow"]\n}\n`,
    );
    result = await runBake(['--progress=rawjson'], { cwd: work, env: { BAKE_STATE_DIR: join(work, 'state') } });
  }, 120_000);

  afterAll(() => {
    if (work) unmountAll(work);
  });

  it('writes a finished target\'s output while another target\'s step still runs', () => {
    expect(result.stderr).not.toContain('ERROR');
    expect(readFileSync(join(work, 'slow', 'slow'), 'utf8')).toBe('slow\n');
    const slowDone = completedAt(result.stderr, 'RUN sleep 3');
    expect(slowDone).toBeGreaterThan(0);
    expect(statSync(join(work, 'fast.tar')).mtimeMs).toBeLessThan(slowDone);
  });
});
