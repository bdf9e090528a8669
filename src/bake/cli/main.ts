// The CLI entry: parses flags, dispatches to a command, and turns errors into one
// `ERROR: message` line and exit code 1 (a stack only with --debug).
import { readFileSync } from 'node:fs';
import { packageFile } from '../../config/files/package-root.js';
import type { Invocation } from '../definition.js';
import { parseArgs } from './args.js';
import { USAGE } from './help.js';
import { bakeOptions } from './options.js';

function version(): string {
  const pkg = JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as { version: string };
  return `bake ${pkg.version}\n`;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function run(argv: string[], inv: Invocation, write: (text: string) => void): Promise<number> {
  // imagetools has its own flags (-t, --raw), so it is dispatched before bake's flag parsing.
  if (argv[0] === 'imagetools') {
    const { imagetoolsCommand } = await import('./commands/imagetools.js');
    return imagetoolsCommand(argv.slice(1), inv, write);
  }
  // du and prune manage the build cache; they take their own flags too.
  if (argv[0] === 'du') {
    const { duCommand } = await import('./commands/du.js');
    return duCommand(argv.slice(1), inv, write);
  }
  if (argv[0] === 'prune') {
    const { pruneCommand } = await import('./commands/prune.js');
    return pruneCommand(argv.slice(1), inv, write);
  }
  const args = parseArgs(argv);
  if (args.bools.get('help')) return write(USAGE), 0;
  if (args.bools.get('version')) return write(version()), 0;
  const opts = bakeOptions(args);
  if (opts.targets[0] === 'debug') {
    const { debugCommand } = await import('./commands/debug.js');
    return debugCommand({ ...opts, targets: opts.targets.slice(1) }, args.strings.get('format'), inv, write);
  }
  const { bakeCommand } = await import('./commands/bake.js');
  return bakeCommand(opts, inv, write);
}

export async function main(argv: string[]): Promise<number> {
  const inv: Invocation = { cwd: process.cwd(), env: { ...process.env }, readStdin };
  const debug = argv.includes('--debug') || argv.includes('-D');
  try {
    return await run(argv, inv, (text) => process.stdout.write(text));
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`ERROR: ${message}\n`);
    if (debug && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
    return 1;
  }
}
