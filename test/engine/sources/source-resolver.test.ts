import { describe, expect, it } from 'vitest';
import type { ImageResolver, ImageSourceRef, ResolvedImage } from '../../../src/engine/image-resolver.js';
import type { Platform } from '../../../src/engine/oci/types.js';
import { SourceResolver } from '../../../src/engine/sources/registry.js';

/** A resolver that counts its calls and fails the first `failures` of them. */
function counting(failures = 0): ImageResolver & { calls: number } {
  const r = {
    calls: 0,
    resolve(ref: ImageSourceRef, platform: Platform): Promise<ResolvedImage> {
      r.calls++;
      if (r.calls <= failures) return Promise.reject(new Error('unreachable'));
      const digest = `sha256:${String(r.calls).padStart(64, '0')}` as const;
      return Promise.resolve({ source: { type: 'oci-layout', path: 'p', ref: digest, platform }, manifestDigest: digest, config: { config: { Env: ['A=1'] } } } as unknown as ResolvedImage);
    },
  };
  return r;
}

const amd64: Platform = { os: 'linux', architecture: 'amd64' };
const arm64: Platform = { os: 'linux', architecture: 'arm64' };

describe('SourceResolver', () => {
  it('resolves a ref once per platform for all callers, each with a config of its own', async () => {
    const layout = counting();
    const resolver = new SourceResolver(counting(), layout);
    const ref: ImageSourceRef = { type: 'oci-layout', path: '/l', ref: '1' };
    const [a, b] = await Promise.all([resolver.resolve(ref, amd64), resolver.resolve({ ...ref }, amd64)]);
    expect(layout.calls).toBe(1);
    expect(a.manifestDigest).toBe(b.manifestDigest);
    expect(a.config).not.toBe(b.config);
    await resolver.resolve(ref, arm64);
    expect(layout.calls).toBe(2);
  });

  it('asks again after a failure', async () => {
    const registry = counting(1);
    const resolver = new SourceResolver(registry, counting());
    const ref: ImageSourceRef = { type: 'image', ref: 'example.com/x:1' };
    await expect(resolver.resolve(ref, amd64)).rejects.toThrow('unreachable');
    await expect(resolver.resolve(ref, amd64)).resolves.toMatchObject({ manifestDigest: expect.stringMatching(/^sha256:0+2$/) });
    expect(registry.calls).toBe(2);
  });
});
