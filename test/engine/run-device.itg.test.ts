// RUN --device through the CLI: bake has no CDI devices, so an optional device is left out and
// the step runs, while a required one fails the build before any step, as BuildKit answers
// with an empty CDI registry.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureBusyboxLayout } from '../helpers/busybox.js';
import { runBake } from '../helpers/cli.js';
import { unmountAll } from '../helpers/mounts.js';

const canBuild = process.getuid?.() === 0;

describe.skipIf(!canBuild)('RUN --device', () => {
  const state = mkdtempSync(join(tmpdir(), 'bake-device-state-'));
  afterAll(() => unmountAll(state));

  async function build(run: string) {
    const layout = await ensureBusyboxLayout();
    const work = mkdtempSync(join(tmpdir(), 'bake-device-'));
    writeFileSync(join(work, 'Dockerfile'), `FROM base\n${run}\n`);
    writeFileSync(
      join(work, 'docker-bake.hcl'),
      `target "default" {\n  contexts = { base = "oci-layout://${layout}:1" }\n  output = ["type=local,dest=out"]\n}\n`,
    );
    writeFileSync(join(work, '.dockerignore'), 'out\n');
    return { work, result: await runBake(['--progress=plain'], { cwd: work, env: { BAKE_STATE_DIR: state } }) };
  }

  it('runs the step without an optional device', async () => {
    const { work, result } = await build('RUN --device=acme.test/gpu=0 echo ran > /ran');
    expect(result.stderr).not.toContain('ERROR');
    expect(readFileSync(join(work, 'out', 'ran'), 'utf8')).toBe('ran\n');
  }, 120_000);

  it('fails before any step when a required device is not registered', async () => {
    const { work, result } = await build('RUN --device=acme.test/gpu=0,required echo ran > /ran');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('ERROR: failed to load LLB: required device "acme.test/gpu=0" is not registered');
    expect(result.stderr).not.toContain('echo ran');
    expect(existsSync(join(work, 'out'))).toBe(false);
  }, 120_000);
});
