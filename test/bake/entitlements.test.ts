import { describe, expect, it } from 'vitest';
import { checkAllowKeys } from '../../src/bake/entitlements.js';

describe('--allow keys', () => {
  it('accepts the keys buildx parses, bare or with a value', () => {
    expect(() => checkAllowKeys(['network.host', 'security.insecure', 'ssh', 'fs=*', 'fs.read=/a', 'fs.write=/b', 'image.push=r', 'image'])).not.toThrow();
  });

  it('rejects an unknown key, and a comma list since each flag is one value', () => {
    expect(() => checkAllowKeys(['bogus'])).toThrow('unknown entitlement key "bogus"');
    expect(() => checkAllowKeys(['fs.bogus=/x'])).toThrow('unknown entitlement key "fs.bogus"');
    expect(() => checkAllowKeys(['network.host,security.insecure'])).toThrow('unknown entitlement key "network.host,security.insecure"');
  });
});
