// Bundles the compiled CLI (dist/, from tsc) into dist/bundle/ so that `bake --print` loads
// three files instead of ~90 modules: ESM resolution and loading of many small files was
// most of its start-up time. Usage: node bin/bundle.mjs [DIST] (run by `npm run build` after
// tsc; DIST defaults to the package's dist/).
//
// - Everything `bake --print`/`--list` needs (main.js plus the static closure of the bake
//   command) goes into one `cli` chunk; the engine, compose, the JSON schema (ajv) and the
//   progress renderers stay separate chunks, loaded by their dynamic imports only when used.
// - CommonJS output, whose builtins are plain require()s: an ESM import of node:fs builds a
//   facade reading every export, and its lazy getters (ReadStream...) load the streams stack.
import { rolldown } from 'rolldown';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = `${resolve(process.argv[2] ?? fileURLToPath(new URL('../dist', import.meta.url)))}/`;
const root = `${dirname(dist)}/`;
const entry = `${dist}bake/cli/main.js`;
const printPathRoots = [entry, `${dist}bake/cli/commands/bake.js`];

/** The static-import closure of the print path, computed once the module graph is known. */
function printPathChunk() {
  const closure = new Set();
  const plugin = {
    name: 'bake-print-path',
    buildEnd() {
      const walk = (id) => {
        const info = this.getModuleInfo(id);
        if (closure.has(id) || !info || info.isExternal) return;
        closure.add(id);
        info.importedIds.forEach(walk);
      };
      printPathRoots.forEach(walk);
    },
  };
  return { plugin, group: { name: 'cli', test: (id) => closure.has(id) } };
}

const { plugin, group } = printPathChunk();
const bundle = await rolldown({
  input: entry,
  cwd: root,
  platform: 'node',
  plugins: [plugin],
});
await bundle.write({
  dir: `${dist}bundle`,
  // CommonJS: Node 20 loads it ~10-20 ms faster than ES modules, and bin/bake.js can compile
  // the main chunk itself with a V8 code cache (vm.Script cachedData has no ESM counterpart).
  format: 'cjs',
  entryFileNames: '[name].cjs',
  chunkFileNames: '[name].cjs',
  cleanDir: true,
  // The main chunk is read on every run: without comments it is a third smaller, and ASCII
  // (the sources' comments hold the only non-ASCII characters), which Node decodes faster.
  comments: false,
  codeSplitting: { groups: [group] },
});
await bundle.close();

/**
 * Escapes the main chunk's non-ASCII characters (a few string literals; rolldown writes escapes
 * in the sources back as characters): Node decodes an ASCII file into a one-byte string several
 * times faster than text that needs a two-byte one. `\uXXXX` means the same character in
 * strings, templates, regular expressions and identifiers; a String.raw would see the escape.
 */
function asciiOnly(file) {
  const text = readFileSync(file, 'utf8');
  if (text.includes('String.raw')) throw new Error(`${file}: String.raw would change under escaping`);
  writeFileSync(file, text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

asciiOnly(`${dist}bundle/cli.cjs`);

/** A bake file using what most do: variables, a function, inherits, a matrix, groups. */
const SAMPLE = `
variable "REGISTRY" { default = "registry.example.com" }
variable "TAG" { default = "dev" }
function "image" {
  params = [name]
  result = ["\${REGISTRY}/\${name}:\${TAG}", lower("\${REGISTRY}/\${name}:latest")]
}
target "_common" {
  args = { NODE_VERSION = "20" }
  labels = { "org.opencontainers.image.vendor" = "acme" }
  platforms = ["linux/amd64"]
}
target "app" {
  inherits = ["_common"]
  context = "app"
  tags = image("app")
  cache-from = ["type=registry,ref=\${REGISTRY}/cache:app"]
  args = { VERSION = TAG != "" ? TAG : "none" }
}
target "lib" {
  name = "lib-\${v}"
  matrix = { v = ["1", "2"] }
  inherits = ["app"]
  tags = [for t in image("lib-\${v}") : t]
}
group "default" { targets = ["app", "lib"] }
`;

/**
 * Runs the bundled CLI on SAMPLE (--print, --list) and saves V8's code cache of the main chunk
 * as dist/bundle/cli.cache (cli-print.cache when made under the --print/--list V8 flags): it
 * then holds the bytecode of every function those runs compiled.
 */
function trainCodeCache(printPath) {
  const dir = mkdtempSync(join(tmpdir(), 'bake-code-cache-'));
  try {
    writeFileSync(join(dir, 'docker-bake.hcl'), SAMPLE);
    const train = `
      const { loadCliChunk, cliCacheFile, bundleDir, PRINT_V8_FLAGS } = require(${JSON.stringify(`${root}bin/bake.js`)});
      if (${printPath}) require('node:v8').setFlagsFromString(PRINT_V8_FLAGS);
      const script = loadCliChunk(${printPath});
      const { main } = require(bundleDir + '/main.cjs');
      process.stdout.write = () => true;
      (async () => {
        for (const args of [['--print'], ['--list', 'targets'], ['--list', 'variables']]) {
          if ((await main(args)) !== 0) throw new Error('training run failed: bake ' + args.join(' '));
        }
        require('node:fs').writeFileSync(cliCacheFile(${printPath}), script.createCachedData());
      })();`;
    execFileSync(process.execPath, ['-e', train], { cwd: dir, stdio: 'inherit' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// One cache per mode: bin/bake.js runs --print/--list under other V8 flags (see PRINT_V8_FLAGS).
trainCodeCache(false);
trainCodeCache(true);
