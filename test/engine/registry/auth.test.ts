import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCredentials, parseChallenge, repoScope } from '../../../src/engine/registry/auth.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bake-auth-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const config = (value: object): Promise<void> => writeFile(join(dir, 'config.json'), JSON.stringify(value));

describe('parseChallenge', () => {
  it('reads quoted and bare parameters', () => {
    expect(parseChallenge('Bearer realm="https://auth.example/token",service="registry.example",scope="repository:a/b:pull,push"')).toEqual({
      scheme: 'bearer',
      params: { realm: 'https://auth.example/token', service: 'registry.example', scope: 'repository:a/b:pull,push' },
    });
    expect(parseChallenge('Basic realm=test')).toEqual({ scheme: 'basic', params: { realm: 'test' } });
  });

  it('formats repository scopes', () => {
    expect(repoScope('a/b', ['pull', 'push'])).toBe('repository:a/b:pull,push');
  });
});

describe('loadCredentials', () => {
  it('decodes auths entries, Docker Hub under its legacy URL', async () => {
    await config({ auths: { 'https://index.docker.io/v1/': { auth: Buffer.from('hub:pw:with:colons').toString('base64') }, 'r.example': { username: 'u', password: 'p' } } });
    expect(await loadCredentials('docker.io', { DOCKER_CONFIG: dir })).toEqual({ username: 'hub', password: 'pw:with:colons' });
    expect(await loadCredentials('r.example', { DOCKER_CONFIG: dir })).toEqual({ username: 'u', password: 'p' });
    expect(await loadCredentials('other.example', { DOCKER_CONFIG: dir })).toBeUndefined();
  });

  it('is anonymous without a config file', async () => {
    expect(await loadCredentials('r.example', { DOCKER_CONFIG: join(dir, 'none') })).toBeUndefined();
  });

  it('asks credHelpers first, then credsStore, through docker-credential-<name> get', async () => {
    const helper = join(dir, 'docker-credential-fake');
    // The helper reads the server URL on stdin and answers JSON, or "not found" with status 1.
    await writeFile(helper, '#!/bin/sh\nread s\ncase "$s" in h.example) echo "{\\"Username\\":\\"hu\\",\\"Secret\\":\\"hs\\"}";; s.example) echo "{\\"Username\\":\\"su\\",\\"Secret\\":\\"ss\\"}";; *) echo "credentials not found in native keychain"; exit 1;; esac\n');
    await chmod(helper, 0o755);
    await config({ credHelpers: { 'h.example': 'fake' }, credsStore: 'fake', auths: { 'h.example': { auth: Buffer.from('no:no').toString('base64') } } });
    const env = { DOCKER_CONFIG: dir, PATH: `${dir}:${process.env['PATH'] ?? ''}` };
    expect(await loadCredentials('h.example', env)).toEqual({ username: 'hu', password: 'hs' });
    expect(await loadCredentials('s.example', env)).toEqual({ username: 'su', password: 'ss' });
    expect(await loadCredentials('x.example', env)).toBeUndefined();
  });
});
