// Compose files → bake targets: every service with a `build` section becomes a target (dots in
// its name become underscores) and all of them form the `default` group (bake-spec §12).
import { SourceError, type Range } from '../../errors.js';
import type { RawGroup, RawTarget } from '../types.js';
import { mapBuild, type TargetAttrs } from './build.js';
import { parseAllDocuments } from 'yaml';
import { checkCanonical } from './canonical.js';
import { applyExtends } from './extends.js';
import { applyInclude } from './include.js';
import { interpolate, InterpolationError, type Env } from './interpolate.js';
import { readEnvFiles } from './env-file.js';
import { enforceUnicity, mergeTrees } from './merge.js';
import { rebasePaths } from './paths.js';
import { asKeyValues, asMap, asString, asText, composeError, get } from './read.js';
import { filterModel, validateModel } from './validate.js';
import { applyXBake } from './x-bake.js';
import { parseYamlDocs, type YMap, type YNode } from './yaml-tree.js';

/**
 * The environment with COMPOSE_PROJECT_NAME as compose-go sets it for buildx: the files'
 * top-level `name:` (the last non-empty one, interpolated), else the environment's value, else
 * buildx's `bake`.
 */
function withProjectName(files: { data: string }[], env: Env): Env {
  let name = '';
  for (const f of files) {
    for (const doc of parseAllDocuments(f.data)) {
      const value: unknown = doc.errors.length === 0 ? (doc.toJS() as { name?: unknown } | null)?.name : undefined;
      if ((typeof value === 'string' || typeof value === 'number') && value !== '') name = String(value);
    }
  }
  let fromFiles = '';
  try {
    fromFiles = name === '' ? '' : interpolate(name, env);
  } catch (err) {
    // Reported with its position when the file is read.
    if (!(err instanceof InterpolationError)) throw err;
  }
  return { ...env, COMPOSE_PROJECT_NAME: fromFiles || env['COMPOSE_PROJECT_NAME'] || 'bake' };
}

/**
 * Loads files as compose-go does: each document interpolated, its `extends` then `include`
 * applied, merged over the previous ones; keyed lists deduplicated at the end. `dir` is the
 * project directory of included files ('' for the main files: paths stay as written).
 */
function loadFiles(files: { name: string; data: string }[], env: Env, included: string[], dir = ''): YMap | undefined {
  let model: YMap | undefined;
  for (const f of files) {
    let hasContent = false;
    for (const parsed of parseYamlDocs(f.name, f.data, env)) {
      // An included file's paths are relative to its project directory.
      const doc = dir === '' ? parsed : rebasePaths(parsed, dir);
      applyExtends(doc, f.name, env);
      applyInclude(doc, env, [...included, f.name], loadFiles);
      // The first file merges onto nothing, so its `!reset` values vanish too.
      model = mergeTrees(model ?? { kind: 'map', entries: new Map(), range: doc.range }, doc) as YMap;
      checkCanonical(model);
      hasContent ||= get(doc, 'services')?.kind === 'map' || doc.entries.has('secrets');
    }
    // buildx keeps only services and secrets of each file it is given, and refuses a file left empty.
    if (!hasContent && included.length === 0) throw new SourceError({ summary: 'Invalid compose file', detail: 'empty compose file', range: startOf(f.name) });
  }
  return model && (enforceUnicity(model) as YMap);
}

function startOf(filename: string): Range {
  const at = { line: 1, column: 1, byte: 0 };
  return { filename, start: at, end: at };
}

/** Parses and merges compose files (in order) with `env` for interpolation and build args. */
export function parseCompose(files: { name: string; data: string }[], projectEnv: Env): { targets: RawTarget[]; groups: RawGroup[] } {
  const env = withProjectName(files, projectEnv);
  const loaded = loadFiles(files, env, []);
  if (!loaded) return { targets: [], groups: [] };
  // buildx validates (then converts) only what it reads of the loaded model.
  const model = filterModel(loaded);
  validateModel(model);
  const servicesNode = get(model, 'services');
  if (!servicesNode) return { targets: [], groups: [] };
  const services = asMap(servicesNode, 'services');
  const secretsNode = get(model, 'secrets');
  const topSecrets = secretsNode ? asMap(secretsNode, 'secrets') : undefined;
  if (topSecrets) checkSecretSources(topSecrets);
  const targets: RawTarget[] = [];
  const names = [...services.entries.keys()].sort();
  for (const service of names) {
    const entry = services.entries.get(service)!;
    const t = serviceTarget(service, asMap(entry.value, `services.${service}`), topSecrets, env);
    if (t) targets.push({ ...t, range: entry.key });
  }
  // buildx makes the `default` group whenever there are services, even when none of them builds
  // (its target list then stays Go's nil slice and prints as null).
  if (names.length === 0) return { targets, groups: [] };
  const group: RawGroup = { name: 'default', targets: targets.map((t) => t.name) };
  if (targets.length === 0) group.targetsNil = true;
  return { targets, groups: [group] };
}

/** `env_file:` values overridden by `environment:` ones (a null there is "unset"). */
function serviceEnvironment(service: string, svc: YMap, projectEnv: Env): Map<string, string | null> {
  const fileNode = get(svc, 'env_file');
  const env = new Map<string, string | null>(fileNode ? readEnvFiles(fileNode, `services.${service}.env_file`, projectEnv) : []);
  const envNode = get(svc, 'environment');
  if (envNode) for (const [k, v] of asKeyValues(envNode, `services.${service}.environment`)) env.set(k, v ?? env.get(k) ?? null);
  return env;
}

/** compose-go's consistency check: a secret comes from a file, the environment, or outside. */
function checkSecretSources(secrets: YMap): void {
  for (const [name, e] of secrets.entries) {
    const spec = asMap(e.value, `secrets.${name}`);
    const external = get(spec, 'external');
    if (external?.kind === 'scalar' && external.value === true) continue;
    if (!get(spec, 'file') && !get(spec, 'environment')) {
      throw composeError(`secrets.${name}`, 'must declare either `file` or `environment`', e.key);
    }
  }
}

/** The reference `--print` generator (depot's bake) takes a service's Depot project from `x-depot.project-id`. */
function applyXDepot(t: TargetAttrs, node: YNode, path: string): void {
  const idNode = get(asMap(node, path), 'project-id');
  const id = idNode && asString(idNode, `${path}.project-id`);
  if (!idNode || !id) return;
  t.attrs['project_id'] = id;
  t.ranges['project_id'] = idNode.range;
}

function serviceTarget(service: string, svc: YMap, topSecrets: YMap | undefined, env: Env): Omit<RawTarget, 'range'> | undefined {
  const build = get(svc, 'build');
  // A null build never gets here: compose-go's canonical form refuses it.
  const hasBuild = build !== undefined;
  const imageNode = get(svc, 'image');
  const image = imageNode && asText(imageNode, `services.${service}.image`);
  if (!hasBuild && !image) throw composeError(`services.${service}`, 'has neither an image nor a build context specified', svc.range);
  if (!hasBuild) return undefined;
  const path = `services.${service}.build`;
  // The schema's name pattern leaves only dots to sanitize (buildx's validTargetNameChars then holds).
  const name = service.replaceAll('.', '_');
  const serviceEnv = serviceEnvironment(service, svc, env);
  const t: TargetAttrs = mapBuild(build, { path, serviceEnv, env, topSecrets });
  // Compose always sets the network mode, so `--print` shows it even when empty.
  t.attrs['network'] ??= '';
  const ext = build.kind === 'map' ? get(build, 'x-bake') : undefined;
  if (ext) applyXBake(t, ext, `${path}.x-bake`);
  const depot = build.kind === 'map' ? get(build, 'x-depot') : undefined;
  if (depot) applyXDepot(t, depot, `${path}.x-depot`);
  const tags = t.attrs['tags'];
  if (image && imageNode && (!Array.isArray(tags) || tags.length === 0)) {
    t.attrs['tags'] = [image];
    t.ranges['tags'] = imageNode.range;
  }
  return { name, attrs: t.attrs, ranges: t.ranges };
}
