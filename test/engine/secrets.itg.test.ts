// Secrets stay secret: a build that uses a secret as a file and as an env variable leaves its
// value nowhere: not in exported layers (unpacked), image config, logs, rawjson progress, nor
// anywhere in the state dir (compressed blobs are inflated before the scan).
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBusyboxLayout } from '../helpers/busybox.js';
import { runBake } from '../helpers/cli.js';
import type { CliResult } from '../helpers/cli.js';
import { unmountAll } from '../helpers/mounts.js';

const canBuild = process.getuid?.() === 0 && existsSync('/usr/sbin/runc');
const FILE_SECRET = 'Zq7-file-secret-9fK2';
const ENV_SECRET = 'Wv3-env-secret-8hL1';

const DOCKERFILE = `FROM base
RUN --mount=type=secret,id=fsec sh -c 'test "$(cat /run/secrets/fsec)" = "$(cat /run/secrets/fsec)" && wc -c < /run/secrets/fsec > /fsec-len'
RUN --mount=type=secret,id=esec,env=ESEC sh -c 'echo \${#ESEC} > /esec-len'
RUN --mount=type=secret,id=esec,target=/root/.token,env=TOKEN sh -c 'test -s /root/.token && test -n "$TOKEN" && echo used > /used'
`;

/** Every regular file below `dir`, gzip members inflated, so a match inside a layer blob counts. */
function* filesBelow(dir: string): Generator<{ path: string; data: Buffer }> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const st = lstatSync(path);
    if (st.isDirectory()) yield* filesBelow(path);
    else if (st.isFile()) {
      const raw = readFileSync(path);
      yield { path, data: raw };
      if (raw[0] === 0x1f && raw[1] === 0x8b) yield { path: `${path} (inflated)`, data: gunzipSync(raw) };
    }
  }
}

function leaks(dir: string, needles: string[]): string[] {
  const found: string[] = [];
  for (const { path, data } of filesBelow(dir)) {
    for (const n of needles) if (data.includes(n)) found.push(`${path}: ${n}`);
  }
  return found;
}

describe.skipIf(!canBuild)('secrets leave no trace', () => {
  let work: string;
  let state: string;
  let build: CliResult;
  const needles = [FILE_SECRET, ENV_SECRET, Buffer.from(FILE_SECRET).toString('base64'), Buffer.from(ENV_SECRET).toString('base64')];

  beforeAll(async () => {
    const layout = await ensureBusyboxLayout();
    work = mkdtempSync(join(tmpdir(), 'bake-secrets-'));
    state = mkdtempSync(join(tmpdir(), 'bake-secrets-state-'));
    const ctx = join(work, 'ctx');
    mkdirSync(ctx);
    writeFileSync(join(ctx, 'Dockerfile'), DOCKERFILE);
    writeFileSync(join(work, 'fsec.txt'), FILE_SECRET);
    writeFileSync(
      join(work, 'docker-bake.hcl'),
      `target "default" {
  context = "ctx"
  contexts = { base = "oci-layout://${layout}:1" }
  secret = ["id=fsec,src=fsec.txt", "id=esec,env=MY_ENV_SECRET"]
  output = ["type=local,dest=out/fs", "type=oci,dest=out/image.tar"]
}
`,
    );
    build = await runBake(['--progress=rawjson'], { cwd: work, env: { BAKE_STATE_DIR: state, MY_ENV_SECRET: ENV_SECRET } });
  }, 240_000);

  afterAll(() => {
    if (state) unmountAll(state);
  });

  it('builds with both secrets in use', () => {
    expect(build.stderr).not.toContain('ERROR');
    expect(build.code).toBe(0);
    expect(readFileSync(join(work, 'out', 'fs', 'fsec-len'), 'utf8').trim()).toBe(String(FILE_SECRET.length));
    expect(readFileSync(join(work, 'out', 'fs', 'esec-len'), 'utf8').trim()).toBe(String(ENV_SECRET.length));
    expect(readFileSync(join(work, 'out', 'fs', 'used'), 'utf8').trim()).toBe('used');
  });

  it('finds no secret in the logs and rawjson progress', () => {
    for (const n of needles) {
      expect(build.stderr).not.toContain(n);
      expect(build.stdout).not.toContain(n);
    }
  });

  it('finds no secret in the exported filesystem, image layers (unpacked) or config', () => {
    const unpacked = join(work, 'unpacked');
    mkdirSync(unpacked);
    execFileSync('tar', ['-xf', join(work, 'out', 'image.tar'), '-C', unpacked]);
    const layers = join(work, 'layers');
    mkdirSync(layers);
    // Each layer blob unpacked as a filesystem, beside the scan of the raw and inflated blobs.
    for (const blob of readdirSync(join(unpacked, 'blobs', 'sha256'))) {
      const dest = join(layers, blob);
      mkdirSync(dest);
      try {
        execFileSync('tar', ['-xf', join(unpacked, 'blobs', 'sha256', blob), '-C', dest], { stdio: 'ignore' });
      } catch {
        // Not a tar (manifest, config, index): scanned as a file below.
      }
    }
    // The scan does see layer content: a file the build wrote is found in the inflated blobs.
    expect(leaks(unpacked, ['used\n']).some((l) => l.includes('(inflated)'))).toBe(true);
    expect(leaks(join(work, 'out'), needles)).toEqual([]);
    expect(leaks(unpacked, needles)).toEqual([]);
    expect(leaks(layers, needles)).toEqual([]);
  });

  it('finds no secret anywhere in the state dir', () => {
    expect(readdirSync(state).length).toBeGreaterThan(0);
    expect(leaks(state, needles)).toEqual([]);
  });
});
