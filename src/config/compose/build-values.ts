// Conversions of compose `build` values that have their own formats: shm_size, ulimits, ssh,
// secrets and the build context path.
import { homedir } from 'node:os';
import { posix } from 'node:path';
import type { Env } from './interpolate.js';
import { asKeyValuePairs, asKeyValues, asList, asMap, asString, composeError, get } from './read.js';
import type { YMap, YNode } from './yaml-tree.js';

const UNITS = 'kmgtp';

/** `256m`, `1gb`, `2.5G`, `1024` → bytes (binary multiples, as Docker's RAMInBytes). */
export function parseBytes(node: YNode, path: string): number {
  if (node.kind === 'scalar' && typeof node.value === 'number') return node.value;
  const text = asString(node, path) ?? '';
  const m = /^(\d+(?:\.\d+)?) ?([kKmMgGtTpP])?[iI]?[bB]?$/.exec(text);
  if (!m) throw composeError(path, `invalid size: '${text}'`, node.range);
  const power = m[2] ? UNITS.indexOf(m[2].toLowerCase()) + 1 : 0;
  return Math.floor(Number(m[1]) * 1024 ** power);
}

const BINARY_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB', 'ZiB', 'YiB'];

/** Bytes as Docker's units.BytesSize prints them (`%.4g` plus a binary unit): `256MiB`. */
export function formatBytes(bytes: number): string {
  if (bytes === 0) return '0';
  let size = bytes;
  let unit = 0;
  while (size >= 1024 && unit < BINARY_UNITS.length - 1) {
    size /= 1024;
    unit++;
  }
  const digits = size.toPrecision(4);
  const trimmed = digits.includes('.') ? digits.replace(/\.?0+$/, '') : digits;
  return trimmed + BINARY_UNITS[unit]!;
}

/** `nofile: {soft: 1, hard: 2}` or `nproc: 65535` → `nofile=1:2`, sorted by name. */
export function ulimitsOf(node: YNode, path: string): string[] {
  const out: string[] = [];
  for (const [name, e] of asMap(node, path).entries) {
    const p = `${path}.${name}`;
    if (e.value.kind === 'map') {
      const soft = get(e.value, 'soft');
      const hard = get(e.value, 'hard');
      if (!soft || !hard) throw composeError(p, 'needs both soft and hard limits', e.value.range);
      out.push(`${name}=${asString(soft, `${p}.soft`)}:${asString(hard, `${p}.hard`)}`);
    } else {
      const n = asString(e.value, p);
      out.push(`${name}=${n}:${n}`);
    }
  }
  return out.sort();
}

/** `- default`, `- key=path` or a mapping → bake ssh entries, sorted by id. */
export function sshOf(node: YNode, path: string): string[] {
  const out: { id: string; text: string }[] = [];
  for (const [id, p] of asKeyValues(node, path)) out.push({ id, text: p ? `${id}=${p}` : id });
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map((e) => e.text);
}

/** Service build secrets, resolved through the top-level `secrets:` definitions. */
export function secretsOf(node: YNode, path: string, topSecrets: YMap | undefined): string[] {
  if (node.kind !== 'seq') throw composeError(path, 'must be a list', node.range);
  return node.items.map((item, i) => {
    const p = `${path}[${i}]`;
    const source = item.kind === 'map' ? asString(get(item, 'source') ?? item, `${p}.source`) : asString(item, p);
    if (!source) throw composeError(p, 'needs a secret name', item.range);
    const def = topSecrets ? get(topSecrets, source) : undefined;
    if (!def) throw composeError(p, `refers to undefined build secret ${source}`, item.range);
    const spec = asMap(def, `secrets.${source}`);
    const external = get(spec, 'external');
    if (external && external.kind === 'scalar' && external.value === true) {
      throw composeError(`secrets.${source}`, `unsupported external secret ${source}`, external.range);
    }
    const file = get(spec, 'file');
    const env = get(spec, 'environment');
    let entry = `id=${source}`;
    if (file) entry += `,src=${cleanPath(asString(file, `secrets.${source}.file`) ?? '')}`;
    if (env) entry += `,env=${asString(env, `secrets.${source}.environment`)}`;
    return entry;
  });
}

/**
 * A local path as compose-go resolves it with no working directory (buildx passes none):
 * `~` expanded, then cleaned (`./web/` → `web`).
 */
export function cleanPath(path: string): string {
  const expanded = path === '~' || path.startsWith('~/') ? homedir() + path.slice(1) : path;
  if (expanded === '') return expanded;
  const cleaned = posix.normalize(expanded);
  return cleaned.length > 1 && cleaned.endsWith('/') ? cleaned.slice(0, -1) : cleaned;
}

/**
 * `extra_hosts` as compose-go reads it (`host=ip` or `host:ip` items, or a mapping to an address
 * or a list of them); several addresses of one host are joined with commas, as buildx does.
 */
export function hostsOf(node: YNode, path: string): [string, string][] {
  const hosts = new Map<string, string[]>();
  const add = (host: string, ip: string): void => void hosts.set(host, [...(hosts.get(host) ?? []), ip]);
  if (node.kind === 'map') {
    for (const [host, e] of node.entries) {
      if (e.value.kind === 'seq') for (const ip of asList(e.value, `${path}.${host}`)) add(host, ip);
      else add(host, asString(e.value, `${path}.${host}`) ?? '');
    }
  } else {
    for (const [host, ip] of asKeyValuePairs(node, path, '=:')) add(host, ip ?? '');
  }
  return [...hosts].map(([host, ips]) => [host, ips.join(',')]);
}

/** An additional context: `service:NAME` and `target:NAME` link the target of that service. */
export function namedContext(v: string): string {
  const m = /^(?:service|target):(.*)$/s.exec(v);
  return m ? `target:${m[1]!.replaceAll('.', '_')}` : cleanContext(v);
}

/** A build context: URLs, `docker-image://` and git remotes are kept, paths are cleaned. */
export function cleanContext(ctx: string): string {
  if (ctx.includes('://') || ctx.startsWith('git@') || ctx.startsWith('github.com/')) return ctx;
  return cleanPath(ctx);
}

/** Build args; a key without a value comes from the service environment, then the env. */
export function argsOf(node: YNode, path: string, serviceEnv: Map<string, string | null>, env: Env): [string, string][] {
  const out: [string, string][] = [];
  for (const [k, v] of asKeyValues(node, path)) {
    const value = v ?? serviceEnv.get(k) ?? env[k];
    if (value !== undefined && value !== null) out.push([k, value]);
  }
  return out;
}
