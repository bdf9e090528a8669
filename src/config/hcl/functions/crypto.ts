// Hash, UUID and RSA functions (go-cty-funcs crypto and uuid) on node:crypto. Hashes are of the
// string's UTF-8 bytes, hex encoded; uuidv5 follows RFC 4122 with its named namespaces.
import { isInteger, toFloat64, type Num } from '../number.js';
import type { KeyObject } from 'node:crypto';
import type { Value } from '../value.js';
import { bcryptHash } from './bcrypt.js';
import { fn, NUMBER, p, STRING } from './define.js';
import { BASE64 } from './encoding.js';
import { jsonString } from './json.js';
import { nodeCrypto } from './node-crypto.js';
import { FunctionCallError, type HclFunction } from './types.js';

const hash = (algorithm: string): HclFunction =>
  fn([p('str', STRING)], (a) => nodeCrypto().createHash(algorithm).update(a[0] as string, 'utf8').digest('hex'));

const NAMESPACES: Record<string, string> = {
  dns: '6ba7b810-9dad-11d1-80b4-00c04fd430c8',
  url: '6ba7b811-9dad-11d1-80b4-00c04fd430c8',
  oid: '6ba7b812-9dad-11d1-80b4-00c04fd430c8',
  x500: '6ba7b814-9dad-11d1-80b4-00c04fd430c8',
};

/** The 16 bytes of a UUID written in any of the forms Go's uuid.Parse accepts. */
function parseUuid(text: string): Buffer {
  let s = text;
  if (s.length === 45 && s.toLowerCase().startsWith('urn:uuid:')) s = s.slice(9);
  else if (s.length === 38 && s.startsWith('{') && s.endsWith('}')) s = s.slice(1, -1);
  if (s.length !== 36 && s.length !== 32) throw new Error(`invalid UUID length: ${text.length}`);
  if (s.length === 36 && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s)) {
    throw new Error('invalid UUID format');
  }
  const hex = s.replaceAll('-', '');
  if (!/^[0-9a-f]{32}$/i.test(hex)) throw new Error('invalid UUID format');
  return Buffer.from(hex, 'hex');
}

function uuidv5(namespace: string, name: string): string {
  let ns: Buffer;
  try {
    ns = parseUuid(NAMESPACES[namespace] ?? namespace);
  } catch (err) {
    throw new FunctionCallError(`uuidv5() doesn't support namespace ${namespace} (${(err as Error).message})`);
  }
  const bytes = nodeCrypto().createHash('sha1').update(ns).update(name, 'utf8').digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The private key of a PKCS #1 PEM block, as Go's pem.Decode + x509.ParsePKCS1PrivateKey read it. */
function pkcs1Key(pem: string): KeyObject {
  const block = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)-----END \1-----/.exec(pem);
  if (!block) throw new FunctionCallError('failed to parse key: no key found');
  if (/Proc-Type:\s*4,ENCRYPTED/.test(block[2]!)) {
    throw new FunctionCallError(
      'failed to parse key: password protected keys are not supported. Please decrypt the key prior to use',
    );
  }
  if (block[1] === 'PRIVATE KEY') {
    throw new FunctionCallError('x509: failed to parse private key (use ParsePKCS8PrivateKey instead for this key format)');
  }
  try {
    return nodeCrypto().createPrivateKey({ key: Buffer.from(block[2]!.replace(/\s+/g, ''), 'base64'), format: 'der', type: 'pkcs1' });
  } catch {
    throw new FunctionCallError('x509: malformed private key');
  }
}

/**
 * RSA PKCS #1 v1.5 decryption. Node 20 refuses that padding in privateDecrypt, so the raw RSA
 * result is unpadded here: 0x00 0x02, at least 8 non-zero bytes, 0x00, then the message.
 */
function rsadecrypt(ciphertext: string, pem: string): string {
  const data = Buffer.from(ciphertext, 'base64');
  if (!BASE64.test(ciphertext.replace(/[\r\n]/g, ''))) {
    throw new FunctionCallError(`failed to decode input ${jsonString(ciphertext)}: cipher text must be base64-encoded`);
  }
  const key = pkcs1Key(pem);
  let raw: Buffer | undefined;
  try {
    const { privateDecrypt, constants } = nodeCrypto();
    raw = privateDecrypt({ key, padding: constants.RSA_NO_PADDING }, data);
  } catch {
    raw = undefined;
  }
  const sep = raw ? raw.indexOf(0, 2) : -1;
  if (!raw || raw[0] !== 0 || raw[1] !== 2 || sep < 10) throw new FunctionCallError('crypto/rsa: decryption error');
  return raw.subarray(sep + 1).toString('utf8');
}

/** golang.org/x/crypto/bcrypt: costs below 4 fall back to 10, above 31 fail. */
function bcrypt(args: Value[]): string {
  if (args.length > 2) throw new FunctionCallError('bcrypt() takes no more than two arguments');
  const given = args.length > 1 ? (args[1] as Num) : 10;
  if (!isInteger(given)) throw new FunctionCallError('value must be a whole number');
  const requested = toFloat64(given);
  const cost = requested < 4 ? 10 : requested;
  const failed = (why: string): FunctionCallError => new FunctionCallError(`error occured generating password ${why}`);
  if (cost > 31) throw failed(`crypto/bcrypt: cost ${cost} is outside allowed range (4,31)`);
  const bytes = Buffer.from(args[0] as string, 'utf8');
  if (bytes.length > 72) throw failed('bcrypt: password length exceeds 72 bytes');
  return bcryptHash(bytes, cost);
}

export const cryptoFunctions: Record<string, HclFunction> = {
  md5: hash('md5'),
  sha1: hash('sha1'),
  sha256: hash('sha256'),
  sha512: hash('sha512'),
  uuidv4: fn([], () => nodeCrypto().randomUUID()),
  uuidv5: fn([p('namespace', STRING), p('name', STRING)], (a) => uuidv5(a[0] as string, a[1] as string)),
  rsadecrypt: fn([p('ciphertext', STRING), p('privatekey', STRING)], (a) => rsadecrypt(a[0] as string, a[1] as string)),
  bcrypt: fn([p('str', STRING)], bcrypt, p('cost', NUMBER)),
};
