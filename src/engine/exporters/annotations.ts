// OCI annotations from exporter attributes, as buildx passes a target's `annotations`:
// `annotation.K=V` and `annotation-manifest.K=V` go on each manifest, `annotation-index.K=V` on
// the image index, `annotation-manifest-descriptor.K=V` on the index's entries and
// `annotation-index-descriptor.K=V` on the layout's index.json entry. A `[os/arch]` after the
// type limits a manifest annotation to one platform.
import { formatPlatform, normalizePlatform, parsePlatform } from '../platform.js';
import type { Platform } from '../oci/types.js';
import type { ExporterSpec } from '../request.js';

interface Rule {
  platform?: string;
  key: string;
  value: string;
}

export interface Annotations {
  manifest: Rule[];
  manifestDescriptor: Rule[];
  index: Record<string, string>;
  indexDescriptor: Record<string, string>;
}

const KEY_RE = /^annotation(?:-(manifest|index|manifest-descriptor|index-descriptor))?(?:\[([^\]]+)\])?\.(.+)$/;

export function emptyAnnotations(): Annotations {
  return { manifest: [], manifestDescriptor: [], index: {}, indexDescriptor: {} };
}

export function parseAnnotations(spec: ExporterSpec): Annotations {
  const out = emptyAnnotations();
  for (const [attr, value] of Object.entries(spec.attrs)) {
    const m = KEY_RE.exec(attr);
    if (!m) continue;
    const [, kind = 'manifest', platform, key] = m as unknown as [string, string | undefined, string | undefined, string];
    const rule: Rule = { key, value, platform: platform && formatPlatform(parsePlatform(platform)) };
    if (kind === 'manifest') out.manifest.push(rule);
    else if (kind === 'manifest-descriptor') out.manifestDescriptor.push(rule);
    else if (kind === 'index') out.index[key] = value;
    else out.indexDescriptor[key] = value;
  }
  return out;
}

/** The annotations of `rules` that apply to `platform`, or undefined when none do. */
export function forPlatform(rules: Rule[], platform: Platform): Record<string, string> | undefined {
  const name = formatPlatform(normalizePlatform(platform));
  const hits = rules.filter((r) => r.platform === undefined || r.platform === name);
  return hits.length > 0 ? Object.fromEntries(hits.map((r) => [r.key, r.value])) : undefined;
}
