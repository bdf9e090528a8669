#!/usr/bin/env node
// Thin launcher, in CommonJS (bin/package.json) because Node's ESM loader adds ~10 ms to start-up.
// `npm run build` compiles src/ into dist/ (tsc), then bin/bundle.mjs bundles the CLI into
// dist/bundle/ with a V8 code cache of its main chunk. The bundle runs only while it is newer
// than the compiled dist/ it was made from: after a plain `tsc` (as the test setup runs) it is
// stale, and the compiled ES modules in dist/ run instead.
'use strict';
const { readFileSync, statSync } = require('node:fs');
const Module = require('node:module');
const { join } = require('node:path');
const { Script } = require('node:vm');

const bundleDir = join(__dirname, '..', 'dist', 'bundle');
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
 * Compiles the bundle's main chunk (everything `--print` runs) with the code cache written at
 * build time, so V8 skips parsing and compiling the functions the training run compiled, and
 * registers it as the module that `require('./cli.cjs')` returns. A cache from another V8
 * version is rejected by V8 and costs nothing more than compiling.
 */
function loadCliChunk() {
  const file = join(bundleDir, 'cli.cjs');
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${readFileSync(file, 'utf8')}\n})`;
  const script = new Script(wrapped, { filename: file, cachedData: readCache(join(bundleDir, 'cli.cache')) });
  const mod = new Module(file, module);
  mod.filename = file;
  script.runInThisContext().call(mod.exports, mod.exports, Module.createRequire(file), mod, file, bundleDir);
  mod.loaded = true;
  require.cache[file] = mod;
  return script;
}

/** The CLI's `main`, from the bundle when it is current, else from the compiled dist/. */
async function loadMain() {
  if (!bundleIsFresh()) return (await import(require('node:url').pathToFileURL(compiledMain).href)).main;
  loadCliChunk();
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
  module.exports = { loadCliChunk, bundleDir };
}
