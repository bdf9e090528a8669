import { describe, expect, it } from 'vitest';
import { forPlatform, parseAnnotations } from '../../../src/engine/exporters/annotations.js';

describe('parseAnnotations', () => {
  it('sorts annotation attributes by where they go, with per-platform manifest rules', () => {
    const notes = parseAnnotations({
      type: 'oci',
      attrs: {
        dest: 'x',
        'annotation.org.opencontainers.image.title': 'app',
        'annotation-manifest[linux/arm64].arch': 'arm',
        'annotation-index.org.opencontainers.image.vendor': 'me',
        'annotation-manifest-descriptor.d': '1',
        'annotation-index-descriptor.top': 'yes',
      },
    });
    expect(forPlatform(notes.manifest, { os: 'linux', architecture: 'amd64' })).toEqual({ 'org.opencontainers.image.title': 'app' });
    expect(forPlatform(notes.manifest, { os: 'linux', architecture: 'arm64', variant: 'v8' })).toEqual({
      'org.opencontainers.image.title': 'app',
      arch: 'arm',
    });
    expect(forPlatform(notes.manifestDescriptor, { os: 'linux', architecture: 'amd64' })).toEqual({ d: '1' });
    expect(notes.index).toEqual({ 'org.opencontainers.image.vendor': 'me' });
    expect(notes.indexDescriptor).toEqual({ top: 'yes' });
  });

  it('gives nothing for outputs without annotations', () => {
    const notes = parseAnnotations({ type: 'image', attrs: { name: 'a', push: 'false' } });
    expect(forPlatform(notes.manifest, { os: 'linux', architecture: 'amd64' })).toBeUndefined();
    expect(notes.index).toEqual({});
  });
});
