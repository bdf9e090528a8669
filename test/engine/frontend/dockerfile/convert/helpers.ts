// A fake in-memory ImageResolver and a compile() shorthand for converter tests.
import type { ImageResolver, ImageSourceRef } from '../../../../../src/engine/image-resolver.js';
import type { ImageConfig, Platform } from '../../../../../src/engine/oci/types.js';
import { sha256 } from '../../../../../src/engine/graph/digest.js';
import { compileDockerfile } from '../../../../../src/engine/frontend/dockerfile/convert/convert.js';
import type { CompileOptions, CompileResult } from '../../../../../src/engine/frontend/dockerfile/convert/types.js';

export const amd64: Platform = { os: 'linux', architecture: 'amd64' };
export const arm64: Platform = { os: 'linux', architecture: 'arm64' };

export function imageConfig(config: ImageConfig['config'] = {}): ImageConfig {
  return {
    architecture: 'amd64',
    os: 'linux',
    config: { Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'], ...config },
    rootfs: { type: 'layers', diff_ids: ['sha256:aa'] },
    history: [{ created_by: 'base', comment: 'Imported from -' }],
  };
}

/** Resolves any ref to a pinned image source; records what was asked. */
export class FakeResolver implements ImageResolver {
  readonly calls: string[] = [];
  constructor(private readonly configs: Record<string, ImageConfig> = {}) {}

  resolve(ref: ImageSourceRef, platform: Platform) {
    const name = ref.type === 'image' ? ref.ref : `oci-layout://${ref.path}:${ref.ref}`;
    this.calls.push(name);
    const manifestDigest = sha256(`${name}|${platform.architecture}`);
    const source =
      ref.type === 'image'
        ? { type: 'image' as const, ref: `${ref.ref}@${manifestDigest}`, platform }
        : { type: 'oci-layout' as const, path: ref.path, ref: `${ref.ref}@${manifestDigest}`, platform };
    return Promise.resolve({ source, manifestDigest, config: this.configs[name] ?? imageConfig() });
  }
}

export function compile(text: string, over: Partial<CompileOptions> = {}): Promise<CompileResult> {
  return compileDockerfile({
    dockerfile: { filename: 'Dockerfile', text },
    buildArgs: {},
    labels: {},
    platform: amd64,
    buildPlatform: amd64,
    namedContexts: {},
    contextName: 'context',
    contextExcludes: [],
    resolver: new FakeResolver(),
    targetName: 'app',
    ...over,
  });
}
