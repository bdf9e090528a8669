// `imagetools create --platform`: which of the combined manifests the new image keeps. A manifest
// stays when its platform is asked for; an attestation manifest stays with the image it describes,
// so filtering never leaves an attestation pointing at a manifest the index no longer lists.
import { UserError } from '../../errors.js';
import type { Descriptor } from '../oci/types.js';
import { formatPlatform, normalizePlatform, parsePlatform } from '../platform.js';

const REFERENCE_TYPE = 'vnd.docker.reference.type';
const REFERENCE_DIGEST = 'vnd.docker.reference.digest';

/** `--platform` values (repeatable, each a comma list), normalised as `linux/arm64`, `linux/arm/v7`. */
export function parsePlatformFilter(values: string[]): string[] {
  const out: string[] = [];
  for (const text of values.flatMap((v) => v.split(','))) {
    let key: string;
    try {
      key = formatPlatform(parsePlatform(text));
    } catch (err) {
      throw new UserError(`--platform: invalid platform "${text}"`, { cause: err });
    }
    if (!out.includes(key)) out.push(key);
  }
  return out;
}

function platformKey(m: Descriptor): string | undefined {
  return m.platform ? formatPlatform(normalizePlatform(m.platform)) : undefined;
}

function isAttestation(m: Descriptor): boolean {
  return m.annotations?.[REFERENCE_TYPE] === 'attestation-manifest';
}

/**
 * The manifests of the platforms in `wanted` (all when empty), in their order, with the attestation
 * manifests of those kept. A platform found in no manifest is an error, as buildx refuses it.
 */
export function filterPlatforms(manifests: Descriptor[], wanted: string[]): Descriptor[] {
  if (wanted.length === 0) return manifests;
  const kept = manifests.filter((m) => !isAttestation(m) && wanted.includes(platformKey(m) ?? ''));
  const missing = wanted.filter((p) => !kept.some((m) => platformKey(m) === p));
  if (missing.length > 0) {
    const have = [...new Set(manifests.filter((m) => !isAttestation(m)).map((m) => platformKey(m) ?? 'none'))];
    throw new UserError(`--platform ${missing.join(',')}: not in any source (sources have ${have.join(', ')})`);
  }
  const digests = new Set(kept.map((m) => m.digest));
  return manifests.filter((m) => digests.has(m.digest) || (isAttestation(m) && digests.has(m.annotations?.[REFERENCE_DIGEST] ?? '')));
}
