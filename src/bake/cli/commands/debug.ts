// `bake debug dockerfile-dump FILE` and `bake debug graph [TARGET...] [--format dot]`: developer
// views of the Dockerfile parser and of the build graph a request compiles to.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { UserError } from '../../../errors.js';
import { loadDefinition, resolveRequested, type Invocation } from '../../definition.js';
import type { BakeOptions } from '../options.js';

async function dockerfileDump(args: readonly string[], inv: Invocation): Promise<string> {
  if (args.length !== 1) throw new UserError('usage: bake debug dockerfile-dump FILE');
  const file = args[0]!;
  const text = file === '-' ? await inv.readStdin() : await readFile(resolve(inv.cwd, file), 'utf8');
  const { dumpDockerfile } = await import('../../../engine/frontend/dockerfile/parser/dump.js');
  return dumpDockerfile(text);
}

async function graph(opts: BakeOptions, format: string | undefined, inv: Invocation): Promise<string> {
  if (format !== undefined && format !== 'json' && format !== 'dot') throw new UserError(`invalid graph format "${format}"`);
  const { config } = await loadDefinition(opts, inv);
  const resolved = resolveRequested(config, opts.targets, opts.sets, inv);
  const { toSolveRequest } = await import('../../to-request.js');
  const request = toSolveRequest(resolved.targets.values(), { cwd: inv.cwd, env: inv.env, allow: opts.allow });
  const { debugGraph } = await import('../../../engine/frontend/dockerfile/debug-graph.js');
  return debugGraph(request, format ?? 'json');
}

/** `opts.targets` holds the words after `debug`. */
export async function debugCommand(opts: BakeOptions, format: string | undefined, inv: Invocation, write: (text: string) => void): Promise<number> {
  const [sub, ...rest] = opts.targets;
  let out: string;
  if (sub === 'dockerfile-dump') out = await dockerfileDump(rest, inv);
  else if (sub === 'graph') out = await graph({ ...opts, targets: rest }, format, inv);
  else throw new UserError(`unknown debug command "${sub ?? ''}" (expected dockerfile-dump or graph)`);
  write(out.endsWith('\n') ? out : `${out}\n`);
  return 0;
}
