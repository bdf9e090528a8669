// Relative paths of a file loaded through `extends: {file}` or `include:` are made relative to
// that file's directory, as compose-go's ResolveRelativePaths does for it: build contexts and
// additional contexts (not URLs, git remotes or `service:` links), env files, `extends.file`,
// secret files and `include` paths. The main files' paths stay as written (buildx gives
// compose-go no directory).
import { homedir } from 'node:os';
import { posix } from 'node:path';
import type { YMap, YNode } from './yaml-tree.js';

const REMOTE_PREFIXES = ['https://', 'http://', 'git://', 'ssh://', 'github.com/', 'git@', 'service:'];

function absPath(v: string, dir: string): string {
  const expanded = v === '~' || v.startsWith('~/') ? homedir() + v.slice(1) : v;
  return posix.isAbsolute(expanded) ? expanded : posix.join(dir, expanded);
}

function contextPath(v: string, dir: string): string {
  return v.includes('://') || REMOTE_PREFIXES.some((p) => v.startsWith(p)) ? v : absPath(v, dir);
}

type Rebase = (v: string, dir: string) => string;

function mapScalar(node: YNode, dir: string, f: Rebase): YNode {
  return node.kind === 'scalar' && typeof node.value === 'string' ? { ...node, value: f(node.value, dir) } : node;
}

function mapEntries(node: YMap, fn: (key: string, value: YNode) => YNode): YMap {
  const entries: YMap['entries'] = new Map();
  for (const [k, e] of node.entries) entries.set(k, { key: e.key, value: fn(k, e.value) });
  return { ...node, entries };
}

/** `k=path` list items or mapping values. */
function keyedContexts(node: YNode, dir: string): YNode {
  if (node.kind === 'map') return mapEntries(node, (_, v) => mapScalar(v, dir, contextPath));
  if (node.kind !== 'seq') return node;
  const items = node.items.map((item) => {
    if (item.kind !== 'scalar' || typeof item.value !== 'string') return item;
    const eq = item.value.indexOf('=');
    return eq < 0 ? item : { ...item, value: `${item.value.slice(0, eq + 1)}${contextPath(item.value.slice(eq + 1), dir)}` };
  });
  return { ...node, items };
}

function envFiles(node: YNode, dir: string): YNode {
  if (node.kind === 'seq') return { ...node, items: node.items.map((i) => envFiles(i, dir)) };
  if (node.kind === 'map') return mapEntries(node, (k, v) => (k === 'path' ? mapScalar(v, dir, absPath) : v));
  return mapScalar(node, dir, absPath);
}

function build(node: YNode, dir: string): YNode {
  if (node.kind === 'scalar') return mapScalar(node, dir, contextPath);
  if (node.kind !== 'map') return node;
  return mapEntries(node, (k, v) => (k === 'context' ? mapScalar(v, dir, contextPath) : k === 'additional_contexts' ? keyedContexts(v, dir) : v));
}

function service(node: YNode, dir: string): YNode {
  if (node.kind !== 'map') return node;
  return mapEntries(node, (k, v) => {
    if (k === 'build') return build(v, dir);
    if (k === 'env_file') return envFiles(v, dir);
    if (k === 'extends' && v.kind === 'map') return mapEntries(v, (ek, ev) => (ek === 'file' ? mapScalar(ev, dir, absPath) : ev));
    return v;
  });
}

/** A path or a list of paths. */
function paths(node: YNode, dir: string): YNode {
  return node.kind === 'seq' ? { ...node, items: node.items.map((i) => mapScalar(i, dir, absPath)) } : mapScalar(node, dir, absPath);
}

function includes(node: YNode, dir: string): YNode {
  if (node.kind !== 'seq') return node;
  const items = node.items.map((item) =>
    item.kind === 'map' ? mapEntries(item, (k, v) => (k === 'path' || k === 'project_directory' || k === 'env_file' ? paths(v, dir) : v)) : mapScalar(item, dir, absPath),
  );
  return { ...node, items };
}

/** The document with its services', secrets' and includes' relative paths resolved from `dir`. */
export function rebasePaths(doc: YMap, dir: string): YMap {
  return mapEntries(doc, (k, v) => {
    if (k === 'include') return includes(v, dir);
    if (k === 'services' && v.kind === 'map') return mapEntries(v, (_, s) => service(s, dir));
    if (k === 'secrets' && v.kind === 'map') {
      return mapEntries(v, (_, s) => (s.kind === 'map' ? mapEntries(s, (sk, sv) => (sk === 'file' ? mapScalar(sv, dir, absPath) : sv)) : s));
    }
    return v;
  });
}

/** The directory compose-go resolves a loaded file's paths from: its own, relative to the working directory. */
export function fileDir(file: string): string {
  return posix.dirname(posix.normalize(file));
}
