// The bundled CLI (bin/bundle.mjs → dist/bundle/, run by bin/bake.js) against the compiled dist/
// it is made from: same output, files found beside the package, only the print path loaded, a
// code cache V8 accepts, and a fallback to dist/ once the bundle is older than the compiled code.
// The bundle is built into a copy of dist/ so the shared tree's own build is left alone.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const repo = resolve(import.meta.dirname, '..', '..');

const HCL = `variable "TAG" { default = "dev" }
function "image" {
  params = [name]
  result = ["r.example/\${name}:\${TAG}"]
}
target "_base" { args = { A = "1" } }
target "app" {
  inherits = ["_base"]
  tags = image("app")
  description = "App"
}
target "m" {
  name = "m-\${v}"
  matrix = { v = ["1", "2"] }
  inherits = ["app"]
  args = { V = v, H = sha256(v) }
}
group "default" { targets = ["app", "m"] }
`;

/** A package root holding a copy of dist/ (without its bundle), bin/ and links to the rest. */
function packageCopy(): string {
  const root = mkdtempSync(join(tmpdir(), 'bake-bundle-'));
  cpSync(join(repo, 'dist'), join(root, 'dist'), { recursive: true, filter: (src) => !src.startsWith(join(repo, 'dist', 'bundle')) });
  cpSync(join(repo, 'bin'), join(root, 'bin'), { recursive: true });
  for (const name of ['node_modules', 'schemas', 'package.json']) symlinkSync(join(repo, name), join(root, name));
  return root;
}

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'bake-bundle-project-'));
  for (const [name, data] of Object.entries(files)) writeFileSync(join(dir, name), data);
  return dir;
}

describe('bundled CLI', () => {
  let root = '';
  const bake = (args: string[], cwd: string): string =>
    execFileSync(process.execPath, [join(root, 'bin', 'bake.js'), ...args], { cwd, encoding: 'utf8' });

  beforeAll(() => {
    root = packageCopy();
    execFileSync(process.execPath, [join(root, 'bin', 'bundle.mjs'), join(root, 'dist')], { stdio: 'pipe' });
  }, 180_000);

  it('prints and lists as the compiled dist/ does, and falls back to it once the bundle is stale', () => {
    const cwd = project({ 'docker-bake.hcl': HCL });
    const runs = [['--print'], ['--print', 'm-1', '--set', '*.platform=linux/arm64'], ['--list', 'targets'], ['--version']];
    const bundled = runs.map((args) => bake(args, cwd));
    // A later tsc rewrites dist/: from then on bin/bake.js must not run the older bundle.
    const later = new Date(Date.now() + 10_000);
    utimesSync(join(root, 'dist', 'bake', 'cli', 'main.js'), later, later);
    const compiled = runs.map((args) => bake(args, cwd));
    expect(bundled).toEqual(compiled);
    expect(bundled[3]).toBe(`bake ${(JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { version: string }).version}\n`);
    expect(JSON.parse(bundled[0]!).target['m-2'].tags).toEqual(['r.example/app:dev']);
  });

  it('finds the JSON schema and the compose reader from its chunks', () => {
    const cwd = project({
      'docker-bake.json': '{"target": {"a": {"contxt": "."}}}',
      'compose.yaml': 'services:\n  web:\n    build: ./web\n',
    });
    expect(() => bake(['--print', '-f', 'docker-bake.json'], cwd)).toThrow(/docker-bake\.json.*contxt/s);
    expect(JSON.parse(bake(['--print', '-f', 'compose.yaml'], cwd)).target.web.context).toBe('web');
  });

  it('loads only its main chunk for --print, with a code cache V8 accepts, and no node:crypto', () => {
    const cwd = project({ 'docker-bake.hcl': 'target "app" {\n  tags = ["a"]\n}\n' });
    const script = `
      const { loadCliChunk, bundleDir } = require(${JSON.stringify(join(root, 'bin', 'bake.js'))});
      const rejected = loadCliChunk().cachedDataRejected;
      process.stdout.write = () => true;
      require(bundleDir + '/main.cjs').main(['--print', 'app']).then((code) => {
        const chunks = Object.keys(require.cache).filter((f) => f.startsWith(bundleDir)).map((f) => f.slice(bundleDir.length + 1));
        const crypto = process.moduleLoadList.includes('NativeModule crypto');
        process.stderr.write(JSON.stringify({ code, rejected, chunks: chunks.sort(), crypto }));
      });`;
    // A script file, not -e: node -e itself loads node:crypto.
    writeFileSync(join(cwd, 'probe.cjs'), script);
    const r = spawnSync(process.execPath, ['probe.cjs'], { cwd, encoding: 'utf8' });
    expect(JSON.parse(r.stderr)).toEqual({ code: 0, rejected: false, chunks: ['cli.cjs', 'main.cjs', 'rolldown-runtime.cjs'], crypto: false });
  });

  it('runs --print and --list without TurboFan, from a main-chunk cache V8 accepts under that flag', () => {
    const cwd = project({ 'docker-bake.hcl': 'target "app" {\n  tags = ["a"]\n}\n' });
    const script = `
      const v8 = require('node:v8');
      const { loadCliChunk, PRINT_V8_FLAGS } = require(${JSON.stringify(join(root, 'bin', 'bake.js'))});
      v8.setFlagsFromString(PRINT_V8_FLAGS);
      process.stderr.write(JSON.stringify({ flags: PRINT_V8_FLAGS, rejected: loadCliChunk(true).cachedDataRejected }));`;
    writeFileSync(join(cwd, 'probe-print.cjs'), script);
    const r = spawnSync(process.execPath, ['probe-print.cjs'], { cwd, encoding: 'utf8' });
    expect(JSON.parse(r.stderr)).toEqual({ flags: '--no-opt', rejected: false });
    // The launcher sets the flag for these commands only; builds keep V8's defaults.
    const { isPrintPath } = createRequire(import.meta.url)(join(root, 'bin', 'bake.js')) as { isPrintPath: (argv: string[]) => boolean };
    expect([['--print'], ['app', '--list', 'targets'], ['--list=variables']].map(isPrintPath)).toEqual([true, true, true]);
    expect([[], ['build', 'app'], ['--set', '*.args.A=--print']].map(isPrintPath)).toEqual([false, false, false]);
  });

  it('writes its main chunk as ASCII (escaping the rest), which Node reads as a one-byte string', () => {
    expect(readFileSync(join(root, 'dist', 'bundle', 'cli.cjs'), 'utf8')).toMatch(/^[\x00-\x7f]*$/);
    const cwd = project({ 'docker-bake.hcl': 'target "a" {\n  args = { D = timeadd("2017-11-22T00:00:00Z", "2000000\u00b5s") }\n}\n' });
    expect(JSON.parse(bake(['--print', 'a'], cwd)).target.a.args.D).toBe('2017-11-22T00:00:02Z');
  });
});
