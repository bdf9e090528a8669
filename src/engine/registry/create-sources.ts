// The inputs of `imagetools create` as buildx reads them: a source is a reference, a bare digest
// (resolved in the one repository the command names) or an OCI descriptor in JSON (from -f);
// `--annotation` is `index:KEY=VALUE` or `manifest-descriptor[PLATFORM,...]:KEY=VALUE`.
import { UserError } from '../../errors.js';
import type { Descriptor } from '../oci/types.js';
import { formatPlatform, normalizePlatform, parsePlatform } from '../platform.js';
import { parseReference, repoName } from './reference.js';
import type { Reference } from './reference.js';

export interface SourceSpec {
  ref?: Reference;
  /** From a descriptor JSON: its platform and annotations override the registry's. */
  desc?: Partial<Descriptor> & { digest: string };
}

const DIGEST = /^sha256:[a-f0-9]{64}$/;

/** One source: `sha256:...`, a reference, or a descriptor JSON object. */
export function parseSource(input: string): SourceSpec {
  const text = input.trim();
  if (DIGEST.test(text)) return { desc: { digest: text } };
  if (text.startsWith('sha256')) throw new UserError(`invalid source digest "${text}"`);
  if (!text.startsWith('{')) return { ref: parseReference(text) };
  let desc: unknown;
  try {
    desc = JSON.parse(text);
  } catch (err) {
    throw new UserError(`invalid source descriptor: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  const digest = (desc as { digest?: unknown }).digest;
  if (typeof digest !== 'string' || !DIGEST.test(digest)) throw new UserError('invalid source descriptor: "digest" must be a sha256 digest');
  return { desc: desc as SourceSpec['desc'] & object };
}

/**
 * Gives every source a repository and a reference to fetch: a source without one takes the single
 * repository the tags and other sources name (buildx refuses to guess between several).
 */
export function resolveSources(specs: SourceSpec[], tags: string[]): Reference[] {
  const repos = new Map<string, Reference>();
  for (const r of [...tags.map(parseReference), ...specs.flatMap((s) => (s.ref ? [s.ref] : []))]) repos.set(repoName(r), r);
  return specs.map((s) => {
    const digest = s.desc?.digest;
    if (s.ref) return digest ? { registry: s.ref.registry, repository: s.ref.repository, digest } : s.ref;
    if (repos.size === 0) throw new UserError('no repositories specified, please set a reference in tag or source');
    if (repos.size > 1) throw new UserError(`multiple repositories currently not supported, rewrite ${digest} with explicit repository`);
    const repo = [...repos.values()][0]!;
    return { registry: repo.registry, repository: repo.repository, digest: digest! };
  });
}

export interface Annotations {
  index: Record<string, string>;
  /** Applied to the index's descriptors whose platform is listed (all when `platforms` is empty). */
  descriptors: { key: string; value: string; platforms: string[] }[];
}

/** Parses `--annotation` values; other types than index and manifest-descriptor are refused. */
export function parseAnnotations(values: string[]): Annotations {
  const out: Annotations = { index: {}, descriptors: [] };
  for (const raw of values) {
    const eq = raw.indexOf('=');
    const m = /^(?:([a-z-]+)(?:\[([^\]]*)\])?:)?(.+)$/.exec(eq < 0 ? '' : raw.slice(0, eq));
    if (!m) throw new UserError(`invalid --annotation "${raw}": expected TYPE:KEY=VALUE`);
    const [, type, platforms, key] = m as unknown as [string, string | undefined, string | undefined, string];
    const value = raw.slice(eq + 1);
    if (type === 'index' && platforms === undefined) out.index[key] = value;
    else if (type === 'manifest-descriptor') {
      out.descriptors.push({ key, value, platforms: (platforms ?? '').split(',').filter((p) => p !== '').map((p) => formatPlatform(parsePlatform(p))) });
    } else {
      throw new UserError(`invalid --annotation "${raw}": imagetools create supports only the index: and manifest-descriptor: types`);
    }
  }
  return out;
}

/** Adds the descriptor annotations to the manifests whose platform they select. */
export function annotateDescriptors(manifests: Descriptor[], ann: Annotations): Descriptor[] {
  if (ann.descriptors.length === 0) return manifests;
  return manifests.map((m) => {
    const platform = m.platform ? formatPlatform(normalizePlatform(m.platform)) : '';
    const added = ann.descriptors.filter((a) => a.platforms.length === 0 || a.platforms.includes(platform));
    if (added.length === 0) return m;
    // Rebuilt so annotations sit where Go's Descriptor puts them (after size, before platform).
    const annotations = { ...m.annotations, ...Object.fromEntries(added.map((a) => [a.key, a.value])) };
    const rest: Descriptor = { ...m };
    delete rest.annotations;
    delete rest.platform;
    return { ...rest, annotations, ...(m.platform && { platform: m.platform }) };
  });
}
