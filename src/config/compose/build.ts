// One compose service's `build:` section → bake target attributes (field names from
// src/bake/fields.ts). Unknown keys are errors, as the compose schema makes them in buildx.
import type { Range } from '../../errors.js';
import { parseGoBool } from '../../strconv.js';
import { makeObject, type Value } from '../hcl/value.js';
import { argsOf, cleanContext, formatBytes, hostsOf, namedContext, parseBytes, secretsOf, sshOf, ulimitsOf } from './build-values.js';
import type { Env } from './interpolate.js';
import { asBool, asKeyValues, asString, asText, asTextList, composeError } from './read.js';
import type { YMap, YNode } from './yaml-tree.js';

export interface TargetAttrs {
  attrs: Record<string, Value>;
  ranges: Record<string, Range>;
}

export interface BuildContext {
  path: string;
  serviceEnv: Map<string, string | null>;
  env: Env;
  topSecrets: YMap | undefined;
}

type Handler = (node: YNode, path: string, ctx: BuildContext) => [string, Value] | undefined;

/** A string field; buildx sets nothing for an empty one. */
const str = (field: string): Handler => (node, path) => {
  const v = asText(node, path);
  return v ? [field, v] : undefined;
};

const list = (field: string): Handler => (node, path) => [field, asTextList(node, path)];

const bool = (field: string): Handler => (node, path) => [field, asBool(node, path)];

const map = (field: string, seps?: string, convert: (v: string) => string = (v) => v): Handler => (node, path) => [
  field,
  makeObject([...asKeyValues(node, path, seps)].map(([k, v]) => [k, convert(v ?? '')])),
];

/** `provenance: true|false|"mode=max"` → an attest entry of that type (buildx's CanonicalizeAttest). */
const attest = (type: string): Handler => (node, path) => {
  const v = node.kind === 'scalar' && typeof node.value === 'boolean' ? String(node.value) : asString(node, path);
  if (!v) return undefined;
  const on = parseGoBool(v);
  return ['attest', [on === undefined ? `type=${type},${v}` : `type=${type},disabled=${!on}`]];
};

const HANDLERS: Record<string, Handler | null> = {
  context: (node, path) => {
    const v = asText(node, path);
    return v ? ['context', cleanContext(v)] : undefined;
  },
  dockerfile: str('dockerfile'),
  dockerfile_inline: str('dockerfile-inline'),
  args: (node, path, ctx) => ['args', makeObject(argsOf(node, path, ctx.serviceEnv, ctx.env))],
  labels: map('labels'),
  tags: list('tags'),
  cache_from: list('cache-from'),
  cache_to: list('cache-to'),
  target: str('target'),
  platforms: list('platforms'),
  network: str('network'),
  ssh: (node, path) => ['ssh', sshOf(node, path)],
  secrets: (node, path, ctx) => ['secret', secretsOf(node, path, ctx.topSecrets)],
  shm_size: (node, path) => {
    // buildx sets shm-size only for a positive size.
    const bytes = parseBytes(node, path);
    return bytes > 0 ? ['shm-size', formatBytes(bytes)] : undefined;
  },
  ulimits: (node, path) => ['ulimits', ulimitsOf(node, path)],
  extra_hosts: (node, path) => ['extra-hosts', makeObject(hostsOf(node, path))],
  additional_contexts: map('contexts', '=', namedContext),
  no_cache: bool('no-cache'),
  pull: bool('pull'),
  provenance: attest('provenance'),
  sbom: attest('sbom'),
  // Accepted by the compose schema but not converted by buildx.
  entitlements: null,
  isolation: null,
  privileged: null,
};

/** Maps a `build:` mapping (or context string) to attributes; `x-*` keys are left to the caller. */
export function mapBuild(build: YNode, ctx: BuildContext): TargetAttrs {
  const out: TargetAttrs = { attrs: {}, ranges: {} };
  if (build.kind === 'scalar') {
    const context = asText(build, ctx.path);
    if (context) set(out, 'context', cleanContext(context), build.range);
    return out;
  }
  if (build.kind !== 'map') throw composeError(ctx.path, 'must be a string or a mapping', build.range);
  for (const [key, e] of build.entries) {
    if (key.startsWith('x-')) continue;
    const handler = Object.hasOwn(HANDLERS, key) ? HANDLERS[key] : undefined;
    if (handler === undefined) throw composeError(ctx.path, `additional properties '${key}' not allowed`, e.key);
    const made = handler?.(e.value, `${ctx.path}.${key}`, ctx);
    if (made) set(out, made[0], made[1], e.value.range);
  }
  return out;
}

function set(out: TargetAttrs, field: string, value: Value, range: Range): void {
  const prev = out.attrs[field];
  // provenance and sbom both produce attest entries; buildx lists sbom's first.
  const sbomFirst = (v: Value): number => (typeof v === 'string' && v.startsWith('type=sbom') ? 0 : 1);
  out.attrs[field] = Array.isArray(prev) && Array.isArray(value) ? [...prev, ...value].sort((a, b) => sbomFirst(a) - sbomFirst(b)) : value;
  out.ranges[field] = range;
}
