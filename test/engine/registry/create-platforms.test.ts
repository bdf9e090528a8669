import { describe, expect, it } from 'vitest';
import { filterPlatforms, parsePlatformFilter } from '../../../src/engine/registry/create-platforms.js';
import type { Descriptor } from '../../../src/engine/oci/types.js';

const d = (n: number): string => `sha256:${String(n).repeat(64)}`;
const M = 'application/vnd.oci.image.manifest.v1+json';
const amd: Descriptor = { mediaType: M, digest: d(1), size: 1, platform: { os: 'linux', architecture: 'amd64' } };
const arm: Descriptor = { mediaType: M, digest: d(2), size: 1, platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } };
const attestation = (of: Descriptor, n: number): Descriptor => ({
  mediaType: M, digest: d(n), size: 1,
  annotations: { 'vnd.docker.reference.digest': of.digest, 'vnd.docker.reference.type': 'attestation-manifest' },
  platform: { os: 'unknown', architecture: 'unknown' },
});

describe('parsePlatformFilter', () => {
  it('splits repeated and comma-separated values, normalised and without repeats', () => {
    expect(parsePlatformFilter(['linux/arm64/v8,linux/amd64', 'linux/arm64', 'linux/arm'])).toEqual(['linux/arm64', 'linux/amd64', 'linux/arm/v7']);
    expect(parsePlatformFilter([])).toEqual([]);
  });

  it('names the flag for an invalid platform', () => {
    expect(() => parsePlatformFilter(['linux/amd64,'])).toThrow('--platform: invalid platform ""');
    expect(() => parsePlatformFilter(['a/b/c/d'])).toThrow('--platform: invalid platform "a/b/c/d"');
  });
});

describe('filterPlatforms', () => {
  const all = [amd, attestation(amd, 3), arm, attestation(arm, 4)];

  it('keeps everything without a filter', () => {
    expect(filterPlatforms(all, [])).toBe(all);
  });

  it('keeps the requested platforms (arm64/v8 is arm64) with their attestation manifests, in order', () => {
    expect(filterPlatforms(all, ['linux/arm64']).map((m) => m.digest)).toEqual([d(2), d(4)]);
    expect(filterPlatforms(all, ['linux/arm64', 'linux/amd64']).map((m) => m.digest)).toEqual([d(1), d(3), d(2), d(4)]);
  });

  it('refuses a platform no source has, listing those they have', () => {
    expect(() => filterPlatforms(all, ['linux/amd64', 'linux/s390x'])).toThrow('--platform linux/s390x: not in any source (sources have linux/amd64, linux/arm64)');
    // An attestation's unknown/unknown is not a platform one can ask for.
    expect(() => filterPlatforms(all, ['unknown/unknown'])).toThrow('--platform unknown/unknown: not in any source');
  });
});
