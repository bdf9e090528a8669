// Which definition files an invocation reads (buildx's order): `-f` values, else
// $BUILDX_BAKE_FILE, else every default name that exists. `-f -` is stdin.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { UserError } from '../../errors.js';
import type { ConfigFile } from '../types.js';

/** compose-go's default names first, then bake's; all that exist are loaded, in this order. */
export const DEFAULT_FILES = [
  'compose.yaml',
  'compose.yml',
  'docker-compose.yml',
  'docker-compose.yaml',
  'docker-bake.json',
  'docker-bake.hcl',
  'docker-bake.override.json',
  'docker-bake.override.hcl',
] as const;

export interface DiscoverOptions {
  cwd: string;
  /** `-f` values in order; empty when none was given. */
  files: readonly string[];
  env: Record<string, string | undefined>;
  readStdin: () => Promise<string>;
}

function isNotFound(err: unknown): boolean {
  return (err as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

async function readOne(name: string, opts: DiscoverOptions, optional: boolean): Promise<ConfigFile | undefined> {
  if (name === '-') return { name, data: await opts.readStdin() };
  // `cwd://` marks a local file even when the definition comes from elsewhere.
  const path = name.startsWith('cwd://') ? name.slice('cwd://'.length) : name;
  try {
    // Synchronous: a few small files, and each promise-fs call is a thread-pool round trip.
    return { name: path, data: readFileSync(resolve(opts.cwd, path), 'utf8') };
  } catch (err) {
    if (optional && isNotFound(err)) return undefined;
    if (isNotFound(err)) throw new UserError(`open ${path}: no such file or directory`, { cause: err });
    throw new UserError(`failed to read ${path}: ${(err as Error).message}`, { cause: err });
  }
}

/** The names from $BUILDX_BAKE_FILE, split on $BUILDX_BAKE_PATH_SEPARATOR (default `:`). */
function envFiles(env: Record<string, string | undefined>): string[] {
  const list = env['BUILDX_BAKE_FILE'];
  if (!list) return [];
  const sep = env['BUILDX_BAKE_PATH_SEPARATOR'] || ':';
  return list.split(sep).map((s) => s.trim()).filter((s) => s !== '');
}

/** Reads the definition files of one invocation; none found is an error. */
export async function readConfigFiles(opts: DiscoverOptions): Promise<ConfigFile[]> {
  const explicit = opts.files.length > 0 ? opts.files : envFiles(opts.env);
  const names = explicit.length > 0 ? explicit : DEFAULT_FILES;
  const files: ConfigFile[] = [];
  for (const name of names) {
    const f = await readOne(name, opts, explicit.length === 0);
    if (f) files.push(f);
  }
  if (files.length === 0) throw new UserError(`couldn't find a bake definition`);
  return files;
}
