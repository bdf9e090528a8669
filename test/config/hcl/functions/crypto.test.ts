import { constants, generateKeyPairSync, publicEncrypt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { call, type Case, type ErrorCase } from './call.js';

describe('crypto and uuid functions', () => {
  const cases: Case[] = [
    ['md5', ['hello'], '5d41402abc4b2a76b9719d911017c592'],
    ['sha1', ['hello'], 'aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d'],
    ['sha256', ['hello'], '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824'],
    ['uuidv5', ['dns', 'python.org'], '886313e1-3b8a-5372-9b90-0c9aee199e5d'],
    ['uuidv5', ['url', 'https://example.com'], '4fd35a71-71ef-5a55-a9d9-aa75c889a6d0'],
    ['uuidv5', ['12345678-1234-5678-1234-567812345678', 'x'], 'a3fabe7b-db47-50ac-bb4f-d93e4e254857'],
  ];
  it.each(cases)('%s(%j) = %j', (name, args, want) => {
    expect(call(name, ...args)).toEqual(want);
  });

  it('hashes sha512 and makes random v4 UUIDs', () => {
    expect(call('sha512', 'hello')).toMatch(/^9b71d224bd62f378[0-9a-f]{112}$/);
    expect(call('uuidv4')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('hashes with bcrypt at the default or given cost', () => {
    expect(call('bcrypt', 'secret')).toMatch(/^\$2a\$10\$[./A-Za-z0-9]{53}$/);
    expect(call('bcrypt', 'secret', 4)).toMatch(/^\$2a\$04\$/);
    expect(() => call('bcrypt', 'secret', 32)).toThrow(
      'error occured generating password crypto/bcrypt: cost 32 is outside allowed range (4,31)',
    );
    expect(() => call('bcrypt', 'x'.repeat(73), 4)).toThrow('bcrypt: password length exceeds 72 bytes');
  });

  it('decrypts RSA PKCS #1 v1.5 ciphertext with a PEM private key', () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const pem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
    const data = publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_PADDING }, Buffer.from('s3cret'));
    expect(call('rsadecrypt', data.toString('base64'), pem)).toBe('s3cret');
    expect(() => call('rsadecrypt', 'not base64!', pem)).toThrow('cipher text must be base64-encoded');
    expect(() => call('rsadecrypt', data.toString('base64'), 'nope')).toThrow('failed to parse key: no key found');
    const pkcs8 = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(() => call('rsadecrypt', data.toString('base64'), pkcs8)).toThrow('use ParsePKCS8PrivateKey instead');
    expect(() => call('rsadecrypt', Buffer.from('junk').toString('base64'), pem)).toThrow('crypto/rsa: decryption error');
  });

  const errors: ErrorCase[] = [['uuidv5', ['bogus', 'x'], "uuidv5() doesn't support namespace bogus (invalid UUID length: 5)"]];
  it.each(errors)('%s(%j) fails with %s', (name, args, message) => {
    expect(() => call(name, ...args)).toThrow(message);
  });
});
