// Runs every shared bake conformance case (../shared/conformance/bake, a sample of a larger set)
// through the real CLI as its runner does: a fresh copy of the inputs, `env -i` with the case's
// env lines, the cmd's shell words; then stdout JSON compared after the runner's normalization,
// or a failure naming the expected file:line.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bakeBin } from '../helpers/cli.js';

const ROOT = '/work/shared/conformance/bake';
const CASE_FILES = new Set(['cmd', 'env', 'expected.json', 'expected-error.txt']);
const cases = existsSync(ROOT) ? readdirSync(ROOT).filter((d) => existsSync(join(ROOT, d, 'cmd'))).sort() : [];

type Doc = { group?: Record<string, { targets?: string[] }>; target?: Record<string, Record<string, unknown>> };

/** The runner's normalization: group target lists sorted, depot-only defaults dropped. */
function normalize(doc: Doc): Doc {
  for (const g of Object.values(doc.group ?? {})) if (Array.isArray(g.targets)) g.targets = [...g.targets].sort();
  for (const t of Object.values(doc.target ?? {})) {
    if (t['pull'] === false) delete t['pull'];
    if (t['no-cache'] === false) delete t['no-cache'];
    if (t['network'] === '') delete t['network'];
  }
  return doc;
}

/** The cmd line's words, split by bash itself (the runner uses `eval`). */
function words(cmdFile: string): string[] {
  const out = execFileSync('bash', ['-c', 'eval "args=( $(head -n1 "$1") )"; printf "%s\\0" "${args[@]}"', '_', cmdFile], { encoding: 'utf8' });
  return out.split('\0').slice(0, -1);
}

function caseEnv(dir: string): Record<string, string> {
  const env: Record<string, string> = { PATH: process.env['PATH'] ?? '', HOME: '/tmp/bakehome' };
  const file = join(dir, 'env');
  if (!existsSync(file)) return env;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const eq = line.indexOf('=');
    if (line !== '' && eq > 0) env[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return env;
}

function runCase(name: string): { status: number | null; stdout: string; stderr: string } {
  const dir = join(ROOT, name);
  const work = mkdtempSync(join(tmpdir(), 'bakeconf-'));
  try {
    for (const f of readdirSync(dir)) if (!CASE_FILES.has(f)) cpSync(join(dir, f), join(work, f), { recursive: true });
    const r = spawnSync(process.execPath, [bakeBin, ...words(join(dir, 'cmd'))], { cwd: work, env: caseEnv(dir), encoding: 'utf8', input: '' });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

describe.skipIf(cases.length === 0)('bake conformance (../shared/conformance/bake)', () => {
  it.each(cases)('%s', (name) => {
    const dir = join(ROOT, name);
    const r = runCase(name);
    if (existsSync(join(dir, 'expected.json'))) {
      expect(r.status, r.stderr).toBe(0);
      const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Doc;
      expect(normalize(JSON.parse(r.stdout) as Doc)).toEqual(normalize(expected));
      return;
    }
    expect(r.status, r.stdout).not.toBe(0);
    const location = /[A-Za-z0-9_.-]+\.(?:hcl|json|ya?ml):\d+/.exec(readFileSync(join(dir, 'expected-error.txt'), 'utf8'))?.[0];
    if (location) expect(r.stderr).toContain(location);
  });
});
