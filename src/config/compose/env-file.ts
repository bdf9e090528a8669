// A service's `env_file:` entries, read as compose-go reads them with no working directory
// (relative to the process's cwd). They only feed build args given without a value; the
// service's `environment:` wins over them.
import { readFileSync } from 'node:fs';
import { parseDotEnv } from '../files/dotenv.js';
import { cleanPath } from './build-values.js';
import type { Env } from './interpolate.js';
import { asBool, asString, composeError, get } from './read.js';
import type { YNode } from './yaml-tree.js';

interface EnvFileRef {
  path: string;
  required: boolean;
  node: YNode;
}

function refsOf(node: YNode, path: string): EnvFileRef[] {
  const items = node.kind === 'seq' ? node.items : [node];
  return items.map((item, i) => {
    const p = node.kind === 'seq' ? `${path}[${i}]` : path;
    if (item.kind !== 'map') return { path: asString(item, p) ?? '', required: true, node: item };
    const pathNode = get(item, 'path');
    if (!pathNode) throw composeError(p, 'needs a path', item.range);
    const required = get(item, 'required');
    return { path: asString(pathNode, `${p}.path`) ?? '', required: required ? asBool(required, `${p}.required`) : true, node: item };
  });
}

/** The variables of all env files, later files overriding earlier ones; `env` serves substitutions. */
export function readEnvFiles(node: YNode, path: string, env: Env): Map<string, string> {
  const out = new Map<string, string>();
  for (const ref of refsOf(node, path)) {
    let text: string;
    try {
      text = readFileSync(cleanPath(ref.path), 'utf8');
    } catch (err) {
      if (!ref.required && (err as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw composeError(path, `env file ${ref.path} not found: ${(err as Error).message}`, ref.node.range);
    }
    let vars: Record<string, string>;
    try {
      vars = parseDotEnv(text, (k) => env[k]);
    } catch (err) {
      throw composeError(path, `env file ${ref.path}: ${(err as Error).message}`, ref.node.range);
    }
    for (const [k, v] of Object.entries(vars)) out.set(k, v);
  }
  return out;
}
