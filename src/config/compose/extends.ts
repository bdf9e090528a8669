// `extends:` as compose-go applies it to each file before the files merge: a service starts from
// the service it names (in the same document, or in `file`, read relative to the working
// directory with its relative paths resolved from that file's directory), then its own keys
// merge over it with the multi-file rules.
import { readFileSync } from 'node:fs';
import type { Env } from './interpolate.js';
import { mergeTrees } from './merge.js';
import { fileDir, rebasePaths } from './paths.js';
import { asString, composeError, get } from './read.js';
import { parseYamlDocs, type YMap, type YNode } from './yaml-tree.js';

interface Ctx {
  env: Env;
  /** `file:service` pairs being extended, to report cycles. */
  chain: string[];
}

function servicesOf(doc: YMap): YMap | undefined {
  const s = get(doc, 'services');
  return s?.kind === 'map' ? s : undefined;
}

/** The services of another file, its paths resolved from its directory. */
function servicesFromFile(file: string, name: string, ref: string, from: string, node: YNode, ctx: Ctx): YMap {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw composeError(`services.${name}.extends.file`, `cannot read ${file}: ${(err as Error).message}`, node.range);
  }
  const docs = parseYamlDocs(file, text, ctx.env).map((d) => rebasePaths(d, fileDir(file)));
  const merged = docs.reduce<YMap | undefined>((acc, d) => (acc ? (mergeTrees(acc, d) as YMap) : d), undefined);
  const services = merged && servicesOf(merged);
  if (!services) throw composeError(`services.${name}.extends`, `cannot extend service "${name}" in ${from}: no services section in ${file}`, node.range);
  if (!services.entries.has(ref)) {
    throw composeError(`services.${name}.extends`, `cannot extend service "${name}" in ${from}: service "${ref}" not found in ${file}`, node.range);
  }
  return services;
}

function extendService(name: string, services: YMap, filename: string, ctx: Ctx): YNode | undefined {
  const entry = services.entries.get(name);
  if (!entry) return undefined;
  const svc = entry.value;
  const ext = svc.kind === 'map' ? get(svc, 'extends') : undefined;
  if (svc.kind !== 'map' || !ext) return svc;
  const path = `services.${name}.extends`;
  let ref: string | undefined;
  let file: string | undefined;
  if (ext.kind === 'map') {
    const s = get(ext, 'service');
    ref = s && asString(s, `${path}.service`);
    if (!ref) throw composeError(path, 'needs a service', ext.range);
    const f = get(ext, 'file');
    file = f && asString(f, `${path}.file`);
  } else {
    ref = asString(ext, path);
    if (!ref) throw composeError(path, 'needs a service', ext.range);
  }
  let baseServices = services;
  let baseFile = filename;
  if (file !== undefined) {
    baseServices = servicesFromFile(file, name, ref, filename, ext, ctx);
    baseFile = file;
  } else if (!services.entries.has(ref)) {
    throw composeError(path, `cannot extend service "${name}" in ${filename}: service "${ref}" not found`, ext.range);
  }
  const link = `${baseFile}:${ref}`;
  if (ctx.chain.includes(link)) throw composeError(path, `circular reference: ${[...ctx.chain, link].join(' extends ')}`, ext.range);
  const base = extendService(ref, baseServices, baseFile, { ...ctx, chain: [...ctx.chain, link] });
  if (!base || (base.kind === 'scalar' && base.value === null)) return svc;
  const merged = mergeTrees(base, svc, ['services', name]) as YMap;
  merged.entries.delete('extends');
  services.entries.set(name, { key: entry.key, value: merged });
  return merged;
}

/** Applies every service's `extends` in one document (changing its services in place). */
export function applyExtends(doc: YMap, filename: string, env: Env): void {
  const services = servicesOf(doc);
  if (!services) return;
  for (const name of [...services.entries.keys()]) extendService(name, services, filename, { env, chain: [`${filename}:${name}`] });
}
