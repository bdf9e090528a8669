// The data `imagetools inspect --format` templates see, shaped as buildx's Go structs: OCI
// descriptors, platforms and image configs with their Go field names (for `.Manifest.Digest`)
// and JSON tags (for `{{json .}}`). Fields Go's ocispec types lack (Healthcheck, OnBuild...) are
// dropped, as buildx drops them.
import type { Descriptor, ImageConfig, ImageIndex, Platform } from '../oci/types.js';
import type { Attestations } from './attestations.js';
import { GoMap, GoStruct, fromJson } from './gotemplate/value.js';
import type { GoField, GoValue } from './gotemplate/value.js';

type Json = unknown;

/** A Go field from a JSON value: `omit` marks `,omitempty`; a missing value is Go's zero value. */
function f(name: string, json: string, value: GoValue, omitEmpty = false): GoField {
  return { name, json, value, omitEmpty };
}

function str(v: Json): string {
  return typeof v === 'string' ? v : '';
}

function strings(v: Json): GoValue {
  return Array.isArray(v) ? v.map(str) : null;
}

function stringMap(v: Json): GoValue {
  if (!v || typeof v !== 'object') return null;
  return new GoMap(new Map(Object.entries(v as Record<string, Json>).map(([k, x]) => [k, str(x)])));
}

/** `map[string]struct{}` as in ExposedPorts and Volumes. */
function setMap(v: Json): GoValue {
  if (!v || typeof v !== 'object') return null;
  return new GoMap(new Map(Object.keys(v).map((k) => [k, new GoStruct([])])));
}

type PlatformJson = Platform & { 'os.version'?: string; 'os.features'?: string[] };

function platformFields(p: PlatformJson): GoField[] {
  return [
    f('Architecture', 'architecture', str(p.architecture)),
    f('OS', 'os', str(p.os)),
    f('OSVersion', 'os.version', str(p['os.version']), true),
    f('OSFeatures', 'os.features', strings(p['os.features']), true),
    f('Variant', 'variant', str(p.variant), true),
  ];
}

type DescriptorJson = Descriptor & { urls?: string[]; data?: string };

export function descriptorValue(d: DescriptorJson): GoStruct {
  return new GoStruct([
    f('MediaType', 'mediaType', str(d.mediaType)),
    f('Digest', 'digest', str(d.digest)),
    f('Size', 'size', typeof d.size === 'number' ? d.size : 0),
    f('URLs', 'urls', strings(d.urls), true),
    f('Annotations', 'annotations', stringMap(d.annotations), true),
    f('Data', 'data', str(d.data), true),
    f('Platform', 'platform', d.platform ? new GoStruct(platformFields(d.platform)) : null, true),
    f('ArtifactType', 'artifactType', str(d.artifactType), true),
  ]);
}

/** buildx's `.Manifest` of an index: the index with its own digest and size. */
export function indexValue(index: ImageIndex, self: Descriptor): GoStruct {
  return new GoStruct([
    f('SchemaVersion', 'schemaVersion', typeof index.schemaVersion === 'number' ? index.schemaVersion : 0),
    f('MediaType', 'mediaType', str(index.mediaType), true),
    f('Digest', 'digest', self.digest),
    f('Size', 'size', self.size),
    f('Manifests', 'manifests', Array.isArray(index.manifests) ? index.manifests.map(descriptorValue) : null),
    f('Annotations', 'annotations', stringMap(index.annotations), true),
  ]);
}

function containerConfig(c: Record<string, Json>): GoStruct {
  return new GoStruct([
    f('User', 'User', str(c['User']), true),
    f('ExposedPorts', 'ExposedPorts', setMap(c['ExposedPorts']), true),
    f('Env', 'Env', strings(c['Env']), true),
    f('Entrypoint', 'Entrypoint', strings(c['Entrypoint']), true),
    f('Cmd', 'Cmd', strings(c['Cmd']), true),
    f('Volumes', 'Volumes', setMap(c['Volumes']), true),
    f('WorkingDir', 'WorkingDir', str(c['WorkingDir']), true),
    f('Labels', 'Labels', stringMap(c['Labels']), true),
    f('StopSignal', 'StopSignal', str(c['StopSignal']), true),
    f('ArgsEscaped', 'ArgsEscaped', c['ArgsEscaped'] === true, true),
  ]);
}

function historyEntry(h: Record<string, Json>): GoStruct {
  return new GoStruct([
    f('Created', 'created', typeof h['created'] === 'string' ? h['created'] : null, true),
    f('CreatedBy', 'created_by', str(h['created_by']), true),
    f('Author', 'author', str(h['author']), true),
    f('Comment', 'comment', str(h['comment']), true),
    f('EmptyLayer', 'empty_layer', h['empty_layer'] === true, true),
  ]);
}

/** ocispec.Image: `created` is a pointer (omitted when absent), config always present. */
export function imageValue(img: ImageConfig): GoStruct {
  const rootfs = (img.rootfs ?? {}) as Record<string, Json>;
  return new GoStruct([
    f('Created', 'created', typeof img.created === 'string' ? img.created : null, true),
    f('Author', 'author', str(img.author), true),
    ...platformFields(img as PlatformJson),
    f('Config', 'config', containerConfig((img.config ?? {}) as Record<string, Json>), true),
    f('RootFS', 'rootfs', new GoStruct([f('Type', 'type', str(rootfs['type'])), f('DiffIDs', 'diff_ids', strings(rootfs['diff_ids']))])),
    f('History', 'history', Array.isArray(img.history) ? img.history.map((h) => historyEntry(h as Record<string, Json>)) : null, true),
  ]);
}

/** One per platform for a multi-platform image (a map keyed like `.Image`), else the only one. */
function perPlatform<T>(multi: boolean, values: Map<string, T>, make: (v: T | undefined) => GoValue): GoValue {
  return multi ? new GoMap(new Map([...values].map(([p, v]) => [p, make(v)]))) : make([...values.values()][0]);
}

/** A method's value: callable from templates, never marshalled with `{{json .}}`. */
function method(name: string, value: GoValue): GoField {
  return { name, json: name, value, method: true };
}

/**
 * buildx's template input: `.Image` is one config, or a map keyed by platform for several;
 * `.Provenance` and `.SBOM` are buildx's stubs (`{SLSA}`, `{SPDX}`), empty without attestations.
 */
export function inspectValue(name: string, manifest: GoStruct, images: Map<string, ImageConfig>, att?: Attestations): GoStruct {
  const multi = images.size > 1;
  const image = images.size === 0 ? null : perPlatform(multi, images, (c) => imageValue(c!));
  const slsa = (p: unknown): GoValue => new GoStruct([f('SLSA', 'SLSA', p === undefined ? null : fromJson(p), true)]);
  const spdx = (p: unknown): GoValue => new GoStruct([f('SPDX', 'SPDX', p === undefined ? null : fromJson(p), true)]);
  return new GoStruct([
    f('Name', 'name', name, true),
    f('Manifest', 'manifest', manifest, true),
    f('Image', 'image', image, true),
    method('Provenance', perPlatform(multi, att?.provenance ?? new Map<string, unknown>(), slsa)),
    method('SBOM', perPlatform(multi, att?.sbom ?? new Map<string, unknown>(), spdx)),
  ]);
}
