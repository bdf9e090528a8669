// Runs the shared buildx conformance cases far enough to check evaluation: every `--print` case
// made of HCL/JSON files must evaluate (producing the targets it prints) or fail at the position
// its expected error names. Compose cases and the rest of the pipeline are other layers' tests.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bake } from './helpers.js';

const ROOT = '/work/shared/conformance/bake';
const DEFAULT_FILES = ['docker-bake.json', 'docker-bake.hcl', 'docker-bake.override.json', 'docker-bake.override.hcl'];

interface Case {
  name: string;
  dir: string;
  files: string[];
  env: Record<string, string>;
}

function loadCases(): Case[] {
  if (!existsSync(ROOT)) return [];
  const cases: Case[] = [];
  for (const name of readdirSync(ROOT).sort()) {
    const dir = join(ROOT, name);
    if (!existsSync(join(dir, 'cmd'))) continue;
    const args = readFileSync(join(dir, 'cmd'), 'utf8').trim().split(/\s+/);
    if (args[0] !== '--print') continue;
    const given = args.flatMap((a, i) => (a === '-f' || a === '--file' ? [args[i + 1]!] : []));
    const files = given.length > 0 ? given : DEFAULT_FILES.filter((f) => existsSync(join(dir, f)));
    if (files.length === 0 || files.some((f) => !/\.(hcl|json)$/.test(f))) continue;
    cases.push({ name, dir, files, env: readEnv(join(dir, 'env')) });
  }
  return cases;
}

function readEnv(path: string): Record<string, string> {
  if (!existsSync(path)) return {};
  const env: Record<string, string> = {};
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) env[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return env;
}

function run(c: Case): () => ReturnType<typeof bake> {
  const files = Object.fromEntries(c.files.map((f) => [f, readFileSync(join(c.dir, f), 'utf8')]));
  return () => bake(files, { env: c.env, builtins: { BAKE_CMD_CONTEXT: 'cwd://', BAKE_LOCAL_PLATFORM: 'linux/amd64' } });
}

const cases = loadCases();

describe.skipIf(cases.length === 0)('shared conformance cases (evaluation only)', () => {
  for (const c of cases) {
    const errorFile = join(c.dir, 'expected-error.txt');
    if (existsSync(errorFile)) {
      const location = /[A-Za-z0-9_.-]+\.(?:hcl|json):\d+/.exec(readFileSync(errorFile, 'utf8'))?.[0];
      it.skipIf(!location)(`${c.name} fails at ${location}`, () => {
        expect(run(c)).toThrow(location);
      });
      continue;
    }
    it(`${c.name} evaluates to the printed targets`, () => {
      const expected = JSON.parse(readFileSync(join(c.dir, 'expected.json'), 'utf8')) as { target?: object };
      const names = new Set(run(c)().targets.map((t) => t.name));
      for (const name of Object.keys(expected.target ?? {})) expect(names).toContain(name);
    });
  }
});
