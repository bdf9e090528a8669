import { describe, expect, it } from 'vitest';
import { apiHost, formatReference, isInsecure, parseReference } from '../../../src/engine/registry/reference.js';

describe('parseReference', () => {
  it.each([
    ['alpine', 'docker.io/library/alpine:latest'],
    ['user/app:1.0', 'docker.io/user/app:1.0'],
    ['index.docker.io/library/alpine', 'docker.io/library/alpine:latest'],
    ['localhost/a', 'localhost/a:latest'],
    ['host:5000/a/b:t', 'host:5000/a/b:t'],
    [`host:5000/a/b:t@sha256:${'a'.repeat(64)}`, `host:5000/a/b:t@sha256:${'a'.repeat(64)}`],
    [`ghcr.io/o/r@sha256:${'b'.repeat(64)}`, `ghcr.io/o/r@sha256:${'b'.repeat(64)}`],
  ])('%s → %s', (text, full) => {
    expect(formatReference(parseReference(text))).toBe(full);
  });

  it('splits registry and repository', () => {
    expect(parseReference('127.0.0.1:5000/x/y:2')).toEqual({ registry: '127.0.0.1:5000', repository: 'x/y', tag: '2' });
  });

  it.each([
    ['Alpine', /lowercase/],
    ['a//b', /lowercase/],
    ['alpine:', /invalid tag/],
    ['alpine@sha256:abc', /invalid digest/],
    ['', /empty/],
    ['host:5000/a:b/c', /lowercase|invalid/],
  ])('rejects %j', (text, message) => {
    expect(() => parseReference(text)).toThrow(message);
  });
});

describe('hosts', () => {
  it('talks to registry-1.docker.io for Docker Hub', () => {
    expect(apiHost('docker.io')).toBe('registry-1.docker.io');
    expect(apiHost('ghcr.io')).toBe('ghcr.io');
  });

  it('allows plain http for loopback and listed registries only', () => {
    expect(isInsecure('127.0.0.1:5000', {})).toBe(true);
    expect(isInsecure('localhost:5000', {})).toBe(true);
    expect(isInsecure('reg.example:5000', {})).toBe(false);
    expect(isInsecure('reg.example:5000', { BAKE_INSECURE_REGISTRIES: 'a.b, reg.example:5000' })).toBe(true);
    expect(isInsecure('ghcr.io', { BAKE_INSECURE_REGISTRIES: 'reg.example' })).toBe(false);
  });
});
