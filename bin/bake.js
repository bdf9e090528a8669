#!/usr/bin/env node
// Thin launcher: the compiled CLI lives in dist/ (npm run build).
import { main } from '../dist/bake/cli/main.js';

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
