#!/usr/bin/env node
// Thin launcher, in CommonJS (bin/package.json) because Node's ESM loader adds ~10 ms to start-up.
// `npm run build` compiles src/ into dist/ (tsc), then bin/bundle.mjs bundles the CLI into
// dist/bundle/ with a V8 code cache of its main chunk. The bundle runs only while it is newer
// than the compiled dist/ it was made from: after a plain `tsc` (as the test setup runs) it is
// stale, and the compiled ES modules in dist/ run instead.
'use strict';
const { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } = require('node:fs');
const Module = require('node:module');
const { homedir } = require('node:os');
const { basename, dirname, join, sep } = require('node:path');
const { Script } = require('node:vm');

const bundleDir = join(__dirname, '..', 'dist', 'bundle');

/**
 * `--print` and `--list` run for well under a second, mostly in code V8 sees for the first time:
 * there TurboFan's optimizing compiles (and the deoptimizations of megamorphic code that follow)
 * cost more CPU than they save: 1,000 targets took ~30% less CPU without them. Builds keep the
 * default. Set before any bundle code is compiled; V8 only accepts a code cache made under the
 * same flags, so the main chunk has one cache per mode and the run-time caches one folder each.
 */
const PRINT_V8_FLAGS = '--no-opt';

function isPrintPath(argv) {
  return argv.some((a) => a === '--print' || a === '--list' || a.startsWith('--list='));
}
const compiledMain = join(__dirname, '..', 'dist', 'bake', 'cli', 'main.js');

function bundleIsFresh() {
  const bundle = statSync(join(bundleDir, 'main.cjs'), { throwIfNoEntry: false });
  const compiled = statSync(compiledMain, { throwIfNoEntry: false });
  return bundle !== undefined && (compiled === undefined || bundle.mtimeMs >= compiled.mtimeMs);
}

function readCache(file) {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/**
 * Runs a bundle chunk as CommonJS would, compiled with `cachedData` when V8 accepts it. The module
 * wrapper is spelled out: a code cache belongs to exactly this source text.
 */
function runChunk(mod, filename, cachedData) {
  const source = `(function (exports, require, module, __filename, __dirname) {${readFileSync(filename, 'utf8')}\n})`;
  const script = new Script(source, { filename, cachedData });
  script.runInThisContext().call(mod.exports, mod.exports, Module.createRequire(filename), mod, filename, dirname(filename));
  return script;
}

/**
 * The build chunks (engine, exporters, progress...) get a code cache made at run time instead, as
 * Node 22's module.enableCompileCache() does: written when the process exits for every chunk that
 * loaded without an accepted cache, under ~/.cache/bake, per Node version and chunk identity. A
 * cache that cannot be read or written only costs the compile it would have saved.
 */
/** FNV-1a of a string, in hex: names an installation without loading node:crypto (~10 ms). */
function fnv1a(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

// One folder per installation (bundle dir): two installed versions must not evict each other's
// caches, since a chunk's new cache replaces the older ones in its folder.
function runtimeCacheDir(printPath) {
  const base = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'bake', 'code-cache');
  return join(base, `${process.version}-${process.arch}${printPath ? '-print' : ''}`, fnv1a(bundleDir));
}
let cacheDir = runtimeCacheDir(false);
const cachesToWrite = [];

function compileChunk(mod, filename) {
  const st = statSync(filename);
  const cacheFile = join(cacheDir, `${basename(filename)}-${st.size}-${Math.trunc(st.mtimeMs)}.cache`);
  const cachedData = readCache(cacheFile);
  const script = runChunk(mod, filename, cachedData);
  if (cachedData === undefined || script.cachedDataRejected) cachesToWrite.push({ script, cacheFile, chunk: basename(filename) });
}

function writeRuntimeCaches() {
  for (const { script, cacheFile, chunk } of cachesToWrite) {
    try {
      mkdirSync(cacheDir, { recursive: true });
      const tmp = `${cacheFile}.${process.pid}.tmp`;
      writeFileSync(tmp, script.createCachedData());
      renameSync(tmp, cacheFile);
      // The caches of this chunk's earlier builds (an upgrade, a rebuild) are never read again.
      for (const name of readdirSync(cacheDir)) {
        if (name.startsWith(`${chunk}-`) && name.endsWith('.cache') && join(cacheDir, name) !== cacheFile) rmSync(join(cacheDir, name), { force: true });
      }
    } catch {
      return;
    }
  }
}

function useRuntimeCodeCache() {
  const loadJs = Module._extensions['.js'];
  Module._extensions['.cjs'] = (mod, filename) =>
    filename.startsWith(bundleDir + sep) ? compileChunk(mod, filename) : loadJs(mod, filename);
  process.on('exit', writeRuntimeCaches);
}

/** The main chunk's build-time code cache for a mode (made under that mode's V8 flags). */
function cliCacheFile(printPath) {
  return join(bundleDir, printPath ? 'cli-print.cache' : 'cli.cache');
}

/**
 * Compiles the bundle's main chunk (everything `--print` runs) with the code cache written at
 * build time, so V8 skips parsing and compiling the functions the training run compiled, and
 * registers it as the module that `require('./cli.cjs')` returns. A cache from another V8
 * version is rejected by V8 and costs nothing more than compiling.
 */
function loadCliChunk(printPath = false) {
  const file = join(bundleDir, 'cli.cjs');
  const mod = new Module(file, module);
  mod.filename = file;
  const script = runChunk(mod, file, readCache(cliCacheFile(printPath)));
  mod.loaded = true;
  require.cache[file] = mod;
  return script;
}

/** The CLI's `main`, from the bundle when it is current, else from the compiled dist/. */
async function loadMain() {
  const printPath = isPrintPath(process.argv.slice(2));
  if (printPath) require('node:v8').setFlagsFromString(PRINT_V8_FLAGS);
  if (!bundleIsFresh()) return (await import(require('node:url').pathToFileURL(compiledMain).href)).main;
  cacheDir = runtimeCacheDir(printPath);
  loadCliChunk(printPath);
  useRuntimeCodeCache();
  return require(join(bundleDir, 'main.cjs')).main;
}

if (require.main === module) {
  loadMain()
    .then((main) => main(process.argv.slice(2)))
    .then((code) => {
      process.exitCode = code;
    });
} else {
  // bin/bundle.mjs's training run compiles the chunk, runs the CLI, then saves the code cache.
  module.exports = { loadCliChunk, cliCacheFile, isPrintPath, bundleDir, runtimeCacheDir, PRINT_V8_FLAGS };
}
