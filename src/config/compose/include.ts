// `include:` as compose-go applies it: each entry loads its files (read relative to the working
// directory, interpolated with the environment plus the entry's env files or its directory's
// .env for unset names), resolves their relative paths from the project directory, and adds
// their services and secrets to the including document; a name defined differently on both
// sides is an error.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { posix } from 'node:path';
import { parseDotEnv } from '../files/dotenv.js';
import type { Env } from './interpolate.js';
import { asList, asString, composeError, get } from './read.js';
import { sameNode, type YMap, type YNode } from './yaml-tree.js';

/** Loads files as one merged document (extends and nested includes applied, relative paths resolved from `dir`), given the files already being included. */
export type LoadFiles = (files: { name: string; data: string }[], env: Env, included: string[], dir: string) => YMap | undefined;

interface IncludeEntry {
  paths: string[];
  projectDirectory: string | undefined;
  envFiles: string[];
  node: YNode;
}

function stringOrList(node: YNode, path: string): string[] {
  return node.kind === 'seq' ? asList(node, path) : [asString(node, path) ?? ''];
}

function entriesOf(node: YNode): IncludeEntry[] {
  if (node.kind !== 'seq') throw composeError('include', 'must be a list', node.range);
  return node.items.map((item, i) => {
    const p = `include[${i}]`;
    if (item.kind !== 'map') return { paths: [asString(item, p) ?? ''], projectDirectory: undefined, envFiles: [], node: item };
    const pathNode = get(item, 'path');
    if (!pathNode) throw composeError(p, 'needs a path', item.range);
    const dir = get(item, 'project_directory');
    const envFile = get(item, 'env_file');
    return {
      paths: stringOrList(pathNode, `${p}.path`),
      projectDirectory: dir && asString(dir, `${p}.project_directory`),
      envFiles: envFile ? stringOrList(envFile, `${p}.env_file`) : [],
      node: item,
    };
  });
}

/** The entry's env files (or the project directory's .env) under the environment. */
function entryEnv(entry: IncludeEntry, projectDir: string, env: Env): Env {
  let files = entry.envFiles;
  if (files.length === 0) {
    const dotEnv = posix.join(projectDir, '.env');
    files = existsSync(dotEnv) && statSync(dotEnv).isFile() ? [dotEnv] : [];
  }
  const fromFiles: Env = {};
  for (const f of files) {
    let text: string;
    try {
      text = readFileSync(f, 'utf8');
    } catch (err) {
      throw composeError('include', `env file ${f}: ${(err as Error).message}`, entry.node.range);
    }
    Object.assign(fromFiles, parseDotEnv(text, (k) => env[k] ?? fromFiles[k]));
  }
  return { ...fromFiles, ...Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined)) };
}

function readIncluded(file: string, entry: IncludeEntry): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw composeError('include', `cannot read ${file}: ${(err as Error).message}`, entry.node.range);
  }
}

function importResources(source: YMap, target: YMap, entry: IncludeEntry): void {
  for (const key of ['services', 'secrets']) {
    const from = get(source, key);
    if (from?.kind !== 'map') continue;
    const existing = target.entries.get(key);
    const to: YMap = existing?.value.kind === 'map' ? existing.value : { kind: 'map', entries: new Map(), range: entry.node.range };
    for (const [name, e] of from.entries) {
      const conflict = to.entries.get(name);
      if (conflict && !sameNode(conflict.value, e.value)) throw composeError(`${key}.${name}`, 'conflicts with imported resource', conflict.key);
      to.entries.set(name, e);
    }
    target.entries.set(key, { key: existing?.key ?? entry.node.range, value: to });
  }
}

/** Applies a document's `include:` entries (changing it in place). */
export function applyInclude(doc: YMap, env: Env, included: string[], load: LoadFiles): void {
  const node = get(doc, 'include');
  if (!node) return;
  for (const entry of entriesOf(node)) {
    const main = posix.normalize(entry.paths[0] ?? '');
    if (included.some((f) => posix.normalize(f) === main)) {
      throw composeError('include', `cycle detected: ${[...included, main].join(' include ')}`, entry.node.range);
    }
    const projectDir = entry.projectDirectory || posix.dirname(main);
    const files = entry.paths.map((name) => ({ name, data: readIncluded(name, entry) }));
    const loaded = load(files, entryEnv(entry, projectDir, env), included, projectDir);
    if (loaded) importResources(loaded, doc, entry);
  }
  doc.entries.delete('include');
}
