// The engine side of `bake imagetools inspect`: a remote image's raw bytes, buildx's summary or a
// Go template over it (`create` is in imagetools-create.ts).
import { UserError } from '../../errors.js';
import type { ImageConfig, ImageIndex, ImageManifest } from '../oci/types.js';
import { formatPlatform } from '../platform.js';
import { registryClient } from './client.js';
import type { FetchedManifest } from './client.js';
import { loadAttestations } from './attestations.js';
import { isIndex } from './imagetools-create.js';
import { executeTemplate } from './gotemplate/exec.js';
import { TemplateError, parseTemplate } from './gotemplate/parse.js';
import { descriptorValue, indexValue, inspectValue } from './inspect-values.js';
import { formatReference, parseReference, repoName } from './reference.js';
import type { Reference } from './reference.js';

export async function fetchRoot(text: string): Promise<{ ref: Reference; fetched: FetchedManifest }> {
  const ref = parseReference(text);
  const fetched = await registryClient(ref.registry).manifest(ref.repository, ref.digest ?? ref.tag!, formatReference(ref));
  return { ref, fetched };
}

/** buildx's default `imagetools inspect` text: name, media type, digest and, for an index, each manifest. */
export function formatInspect(ref: Reference, fetched: FetchedManifest): string {
  const name = formatReference({ ...ref, digest: undefined });
  const lines = [`Name:      ${name}`, `MediaType: ${fetched.descriptor.mediaType}`, `Digest:    ${fetched.descriptor.digest}`];
  if (isIndex(fetched.descriptor)) {
    const index = JSON.parse(fetched.bytes.toString('utf8')) as ImageIndex;
    lines.push('', 'Manifests:');
    const blocks = index.manifests.map((m) => {
      const block = [`  Name:        ${repoName(ref)}@${m.digest}`, `  MediaType:   ${m.mediaType}`];
      if (m.platform) block.push(`  Platform:    ${formatPlatform(m.platform)}`);
      return block.join('\n');
    });
    lines.push(blocks.join('\n\n'));
  }
  return `${lines.join('\n')}\n`;
}

/** The image config of each platform (attestation manifests skipped), keyed as `linux/arm64`. */
async function imageConfigs(ref: Reference, fetched: FetchedManifest): Promise<Map<string, ImageConfig>> {
  const client = registryClient(ref.registry);
  const what = formatReference(ref);
  const configOf = async (manifest: ImageManifest): Promise<ImageConfig> =>
    JSON.parse((await client.smallBlob(ref.repository, manifest.config, what)).toString('utf8')) as ImageConfig;
  const doc = JSON.parse(fetched.bytes.toString('utf8')) as ImageIndex & ImageManifest;
  if (!isIndex(fetched.descriptor)) {
    const config = await configOf(doc);
    return new Map([[formatPlatform(config), config]]);
  }
  const children = doc.manifests.filter((m) => m.platform && m.annotations?.['vnd.docker.reference.type'] !== 'attestation-manifest');
  const configs = await Promise.all(
    children.map(async (m) => configOf(JSON.parse((await client.manifest(ref.repository, m.digest, what)).bytes.toString('utf8')) as ImageManifest)),
  );
  return new Map(children.map((m, i) => [formatPlatform(m.platform!), configs[i]!]));
}

function templateError(err: unknown): never {
  if (err instanceof TemplateError) throw new UserError(`--format: template: ${err.message}`, { cause: err });
  throw err;
}

/**
 * `inspect --format TEMPLATE`, as buildx: `{{.Manifest}}` (the default) is the text summary; other
 * templates see `.Name` (as typed), `.Manifest` and `.Image` (a map by platform for several).
 */
export async function formatTemplate(name: string, ref: Reference, fetched: FetchedManifest, format: string): Promise<string> {
  if (format.trim() === '' || /^\{\{-?\s*\.Manifest\s*-?\}\}$/.test(format.trim())) return formatInspect(ref, fetched);
  try {
    parseTemplate(format);
  } catch (err) {
    templateError(err);
  }
  const images = await imageConfigs(ref, fetched);
  const doc = JSON.parse(fetched.bytes.toString('utf8')) as ImageIndex;
  const index = isIndex(fetched.descriptor);
  const manifest = index ? indexValue(doc, fetched.descriptor) : descriptorValue(fetched.descriptor);
  // Attestations cost a fetch per platform: read only for templates that ask for them.
  const att = index && /\.(Provenance|SBOM)\b/.test(format) ? await loadAttestations(registryClient(ref.registry), ref, doc) : undefined;
  let out = '';
  try {
    out = executeTemplate(format, inspectValue(name, manifest, images, att));
  } catch (err) {
    templateError(err);
  }
  return out.endsWith('\n') ? out : `${out}\n`;
}

// `create` lives in imagetools-create.ts; createIndex stays importable from here for its callers.
export { createIndex } from './imagetools-create.js';
