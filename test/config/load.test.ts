import { describe, expect, it } from 'vitest';
import { loadConfig, readConfigFiles } from '../../src/config/load.js';
import { detectFormat } from '../../src/config/files/detect.js';
import { parseDotEnv } from '../../src/config/files/dotenv.js';
import { writeTree } from '../helpers/files.js';

const dir = (files: Record<string, string>): string => writeTree(files, 'bake-load-');

const noStdin = (): Promise<string> => Promise.reject(new Error('no stdin'));
const builtins = { BAKE_CMD_CONTEXT: 'cwd://', BAKE_LOCAL_PLATFORM: 'linux/amd64' };

describe('finding definition files', () => {
  it('loads every default file that exists, compose names first', async () => {
    const cwd = dir({ 'docker-bake.hcl': '', 'compose.yaml': 'services: {}', 'docker-bake.override.hcl': '', 'docker-bake.json': '{}' });
    const files = await readConfigFiles({ cwd, files: [], env: {}, readStdin: noStdin });
    expect(files.map((f) => f.name)).toEqual(['compose.yaml', 'docker-bake.json', 'docker-bake.hcl', 'docker-bake.override.hcl']);
  });

  it('uses -f in order, reads - from stdin, and fails on a missing -f file', async () => {
    const cwd = dir({ 'a.hcl': 'A', 'b.hcl': 'B' });
    const files = await readConfigFiles({ cwd, files: ['b.hcl', '-', 'a.hcl'], env: {}, readStdin: () => Promise.resolve('S') });
    expect(files.map((f) => [f.name, f.data])).toEqual([['b.hcl', 'B'], ['-', 'S'], ['a.hcl', 'A']]);
    await expect(readConfigFiles({ cwd, files: ['nope.hcl'], env: {}, readStdin: noStdin })).rejects.toThrow('open nope.hcl: no such file or directory');
  });

  it('reads BUILDX_BAKE_FILE with its separator when no -f is given', async () => {
    const cwd = dir({ 'a.hcl': 'A', 'b.hcl': 'B' });
    const env = { BUILDX_BAKE_FILE: ' b.hcl ;;a.hcl', BUILDX_BAKE_PATH_SEPARATOR: ';' };
    const files = await readConfigFiles({ cwd, files: [], env, readStdin: noStdin });
    expect(files.map((f) => f.name)).toEqual(['b.hcl', 'a.hcl']);
  });

  it("fails with buildx's message when nothing is found", async () => {
    await expect(readConfigFiles({ cwd: dir({}), files: [], env: {}, readStdin: noStdin })).rejects.toThrow("couldn't find a bake definition");
  });
});

describe('formats', () => {
  it('detects by extension, then by content', async () => {
    expect(await detectFormat({ name: 'x.yml', data: '' })).toBe('compose');
    expect(await detectFormat({ name: 'x.json', data: '' })).toBe('json');
    expect(await detectFormat({ name: 'bake', data: 'services:\n  a:\n    build: .\n' })).toBe('compose');
    expect(await detectFormat({ name: 'bake', data: 'target "a" {}' })).toBe('hcl');
    expect(await detectFormat({ name: '-', data: '{"target": {}}' })).toBe('json');
  });

  it('detects a Compose file using !override without a YAML warning', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error): void => void warnings.push(w.message);
    process.on('warning', onWarning);
    try {
      expect(await detectFormat({ name: 'override', data: 'services:\n  a:\n    build: !override {context: .}\n' })).toBe('compose');
      await new Promise((r) => setImmediate(r));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings).toEqual([]);
  });

  it('rejects a JSON file that does not fit the schema at the offending position', async () => {
    const files = [{ name: 'docker-bake.json', data: '{"target": {"app": {"tags": {"a": 1}}}}' }];
    await expect(loadConfig(files, { cwd: dir({}), env: {}, vars: {}, builtins })).rejects.toThrow(/^docker-bake\.json:1,29-37: Invalid bake file; \/target\/app\/tags/);
    const unknown = [{ name: 'docker-bake.json', data: '{"target": {"app": {"bogus": "x"}}}' }];
    await expect(loadConfig(unknown, { cwd: dir({}), env: {}, vars: {}, builtins })).rejects.toThrow('docker-bake.json:1,21-28: Unsupported argument; An argument named "bogus"');
  });

  it('puts compose targets before HCL ones and evaluates HCL with the env unless lookups are disabled', async () => {
    const files = [
      { name: 'docker-bake.hcl', data: 'variable "T" {\n  default = "d"\n}\ntarget "app" {\n  tags = [T]\n}\n' },
      { name: 'compose.yaml', data: 'services:\n  app:\n    build:\n      context: ${CTX:-.}\n' },
    ];
    const cwd = dir({ '.env': 'CTX=fromdotenv\n' });
    const cfg = await loadConfig(files, { cwd, env: { T: 'env' }, vars: {}, builtins });
    expect(cfg.targets.map((t) => [t.name, t.attrs['tags'] ?? t.attrs['context']])).toEqual([['app', 'fromdotenv'], ['app', ['env']]]);
    const off = await loadConfig(files, { cwd, env: { T: 'env', BUILDX_BAKE_DISABLE_VARS_ENV_LOOKUP: '1' }, vars: {}, builtins });
    expect(off.targets[1]!.attrs['tags']).toEqual(['d']);
  });

  it('resolves contexts from the defining file with BUILDX_BAKE_FILE_RELATIVE_PATHS', async () => {
    const files = [{ name: 'sub/docker-bake.hcl', data: 'target "app" {\n  context = "src"\n  contexts = { a = "../x", b = "cwd://y", c = "docker-image://z" }\n}\n' }];
    const cfg = await loadConfig(files, { cwd: dir({}), env: { BUILDX_BAKE_FILE_RELATIVE_PATHS: 'true' }, vars: {}, builtins });
    expect(cfg.targets[0]!.attrs['context']).toBe('sub/src');
    expect({ ...(cfg.targets[0]!.attrs['contexts'] as object) }).toEqual({ a: 'x', b: 'cwd://y', c: 'docker-image://z' });
  });

  it('reads the switch as buildx does: trimmed, and an error unless empty or a Go bool', async () => {
    const files = [{ name: 'sub/docker-bake.hcl', data: 'target "app" {\n  context = "src"\n}\n' }];
    const on = await loadConfig(files, { cwd: dir({}), env: { BUILDX_BAKE_FILE_RELATIVE_PATHS: ' T ' }, vars: {}, builtins });
    expect(on.targets[0]!.attrs['context']).toBe('sub/src');
    const off = await loadConfig(files, { cwd: dir({}), env: { BUILDX_BAKE_FILE_RELATIVE_PATHS: '  ' }, vars: {}, builtins });
    expect(off.targets[0]!.attrs['context']).toBe('src');
    const broken = [{ name: 'x.hcl', data: 'target "app" {' }];
    await expect(loadConfig(broken, { cwd: dir({}), env: { BUILDX_BAKE_FILE_RELATIVE_PATHS: 'maybe' }, vars: {}, builtins })).rejects.toThrow(
      'failed to parse BUILDX_BAKE_FILE_RELATIVE_PATHS value "maybe": strconv.ParseBool: parsing "maybe": invalid syntax',
    );
  });

  it('gives a target with no context in its inherits chain its file directory as context', async () => {
    const files = [
      { name: 'one/docker-bake.hcl', data: 'target "base" {\n  context = "ctx"\n}\ntarget "inline" {\n  dockerfile-inline = "FROM scratch"\n}\n' },
      { name: 'two/docker-bake.hcl', data: 'target "child" {\n  inherits = ["base"]\n}\ntarget "inline" {\n  tags = ["t"]\n}\n' },
    ];
    const cfg = await loadConfig(files, { cwd: dir({}), env: { BUILDX_BAKE_FILE_RELATIVE_PATHS: '1' }, vars: {}, builtins });
    const contexts = cfg.targets.filter((t) => t.attrs['context'] !== undefined).map((t) => [t.name, t.attrs['context']]);
    expect(contexts).toEqual([['base', 'one/ctx'], ['inline', 'one']]);
    expect(cfg.targets.map((t) => t.name)).toEqual(['base', 'inline', 'inline', 'child', 'inline']);
  });
});

describe('relative paths for Compose', () => {
  it('resolves from the first Compose file directory', async () => {
    const files = [
      { name: 'deploy/compose.yaml', data: 'services:\n  app:\n    build:\n      context: ./web\n' },
      { name: 'other/compose.override.yaml', data: 'services:\n  app:\n    build:\n      dockerfile: D\n' },
    ];
    const cfg = await loadConfig(files, { cwd: dir({}), env: { BUILDX_BAKE_FILE_RELATIVE_PATHS: '1' }, vars: {}, builtins });
    expect(cfg.targets[0]!.attrs['context']).toBe('deploy/web');
    const inline = [{ name: 'deploy/compose.yaml', data: 'services:\n  app:\n    build:\n      dockerfile_inline: FROM scratch\n' }];
    const implicit = await loadConfig(inline, { cwd: dir({}), env: { BUILDX_BAKE_FILE_RELATIVE_PATHS: '1' }, vars: {}, builtins });
    expect(implicit.targets[0]!.attrs).toEqual({ context: 'deploy' });
  });
});

describe('.env', () => {
  it('parses comments, export, quotes', () => {
    expect(parseDotEnv('# c\nexport A=1\nB="x y"\nC=\'z\'\nD=v # note\n\nbad\n')).toEqual({ A: '1', B: 'x y', C: 'z', D: 'v' });
  });
});
