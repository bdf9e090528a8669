import { describe, expect, it } from 'vitest';
import { annotateDescriptors, parseAnnotations, parseSource, resolveSources } from '../../../src/engine/registry/create-sources.js';

const D = `sha256:${'a'.repeat(64)}`;

describe('parseSource', () => {
  it('tells digests, references and descriptor JSON apart', () => {
    expect(parseSource(` ${D}\n`)).toEqual({ desc: { digest: D } });
    expect(parseSource('r.example/a/b:1')).toEqual({ ref: { registry: 'r.example', repository: 'a/b', tag: '1' } });
    expect(parseSource(`{"digest":"${D}","platform":{"os":"linux","architecture":"arm64"}}`).desc?.platform).toEqual({ os: 'linux', architecture: 'arm64' });
    expect(() => parseSource('sha256:zz')).toThrow('invalid source digest "sha256:zz"');
    expect(() => parseSource('{"size":1}')).toThrow('invalid source descriptor: "digest" must be a sha256 digest');
  });

  it('resolves a bare digest in the single repository named by tags or sources', () => {
    expect(resolveSources([{ desc: { digest: D } }], ['r.example/a/b:t'])).toEqual([{ registry: 'r.example', repository: 'a/b', digest: D }]);
    expect(() => resolveSources([{ desc: { digest: D } }], [])).toThrow('no repositories specified');
  });
});

describe('parseAnnotations', () => {
  it('splits index and platform-selected descriptor annotations, values may hold "=" and ":"', () => {
    const ann = parseAnnotations(['index:a.b=x=y:z', 'manifest-descriptor[linux/arm/v7,arm64]:k=v']);
    expect(ann).toEqual({ index: { 'a.b': 'x=y:z' }, descriptors: [{ key: 'k', value: 'v', platforms: ['linux/arm/v7', 'linux/arm64'] }] });
    const manifests = [
      { mediaType: 'm', digest: D, size: 1, platform: { os: 'linux', architecture: 'arm' } },
      { mediaType: 'm', digest: D, size: 1, platform: { os: 'linux', architecture: 'amd64' } },
    ];
    expect(annotateDescriptors(manifests, ann).map((m) => m.annotations)).toEqual([{ k: 'v' }, undefined]);
  });

  it('refuses annotations without a type or value', () => {
    expect(() => parseAnnotations(['a=b'])).toThrow('imagetools create supports only the index: and manifest-descriptor: types');
    expect(() => parseAnnotations(['index:novalue'])).toThrow('invalid --annotation "index:novalue": expected TYPE:KEY=VALUE');
  });
});
