// bcrypt ($2a$) on a Blowfish written here, since node:crypto has neither and no dependency may
// be added. Blowfish's initial P-array and S-boxes are the hexadecimal digits of pi's fraction,
// so they are computed once (Machin's formula on BigInt) rather than pasted as tables.
import { nodeCrypto } from './node-crypto.js';

const WORDS = 18 + 4 * 256;

/** The first `words` 32-bit words of pi's fractional part in hexadecimal. */
function piWords(words: number): Uint32Array {
  const bits = BigInt(words * 32 + 64);
  const one = 1n << bits;
  const arctanInv = (x: bigint): bigint => {
    let sum = 0n;
    let term = one / x;
    const x2 = x * x;
    for (let k = 1n; term !== 0n; k += 2n) {
      sum += (k & 2n ? -term : term) / k;
      term /= x2;
    }
    return sum;
  };
  const pi = 16n * arctanInv(5n) - 4n * arctanInv(239n);
  const fraction = (pi % one) >> 64n;
  const out = new Uint32Array(words);
  for (let i = 0; i < words; i++) out[i] = Number((fraction >> BigInt((words - 1 - i) * 32)) & 0xffffffffn);
  return out;
}

let initial: Uint32Array | undefined;

class Blowfish {
  readonly p: Uint32Array;
  readonly s: Uint32Array;
  constructor() {
    initial ??= piWords(WORDS);
    this.p = initial.slice(0, 18);
    this.s = initial.slice(18);
  }

  private f(x: number): number {
    const s = this.s;
    return (((s[x >>> 24]! + s[256 + ((x >>> 16) & 0xff)]!) ^ s[512 + ((x >>> 8) & 0xff)]!) + s[768 + (x & 0xff)]!) >>> 0;
  }

  /** Encrypts the block (lr[0], lr[1]) in place. */
  encrypt(lr: Uint32Array): void {
    let l = lr[0]!;
    let r = lr[1]!;
    for (let i = 0; i < 16; i += 2) {
      l ^= this.p[i]!;
      r ^= this.f(l);
      r ^= this.p[i + 1]!;
      l ^= this.f(r);
    }
    lr[0] = (r ^ this.p[17]!) >>> 0;
    lr[1] = (l ^ this.p[16]!) >>> 0;
  }

  /** Blowfish's key schedule mixed with a salt (all-zero salt when `salt` is undefined). */
  expand(key: Buffer, salt: Buffer | undefined): void {
    const keyStream = wordStream(key);
    for (let i = 0; i < 18; i++) this.p[i] = (this.p[i]! ^ keyStream()) >>> 0;
    const saltStream = salt ? wordStream(salt) : (): number => 0;
    const lr = new Uint32Array(2);
    const fill = (table: Uint32Array): void => {
      for (let i = 0; i < table.length; i += 2) {
        lr[0] = (lr[0]! ^ saltStream()) >>> 0;
        lr[1] = (lr[1]! ^ saltStream()) >>> 0;
        this.encrypt(lr);
        table[i] = lr[0]!;
        table[i + 1] = lr[1]!;
      }
    };
    fill(this.p);
    fill(this.s);
  }
}

/** Big-endian 32-bit words read cyclically from `data`. */
function wordStream(data: Buffer): () => number {
  let at = 0;
  return () => {
    let w = 0;
    for (let i = 0; i < 4; i++) {
      w = ((w << 8) | data[at]!) >>> 0;
      at = (at + 1) % data.length;
    }
    return w;
  };
}

const STD = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BCRYPT = './ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function encode64(data: Buffer): string {
  return [...data.toString('base64').replace(/=+$/, '')].map((c) => BCRYPT[STD.indexOf(c)]).join('');
}

export function decode64(text: string): Buffer {
  return Buffer.from([...text].map((c) => STD[BCRYPT.indexOf(c)]).join(''), 'base64');
}

/** `$2a$<cost>$<salt><hash>`; the salt is random unless given (tests pass one). */
export function bcryptHash(password: Buffer, cost: number, salt: Buffer = nodeCrypto().randomBytes(16)): string {
  // Like C bcrypt, the key includes the terminating NUL and stops at 72 bytes.
  const key = Buffer.concat([password, Buffer.from([0])]).subarray(0, 72);
  const bf = new Blowfish();
  bf.expand(key, salt);
  for (let i = 0; i < 2 ** cost; i++) {
    bf.expand(key, undefined);
    bf.expand(salt, undefined);
  }
  const text = wordStream(Buffer.from('OrpheanBeholderScryDoubt'));
  const blocks = Uint32Array.from({ length: 6 }, text);
  const lr = new Uint32Array(2);
  for (let b = 0; b < 6; b += 2) {
    lr.set(blocks.subarray(b, b + 2));
    for (let i = 0; i < 64; i++) bf.encrypt(lr);
    blocks.set(lr, b);
  }
  const out = Buffer.alloc(24);
  blocks.forEach((w, i) => out.writeUInt32BE(w, i * 4));
  return `$2a$${String(cost).padStart(2, '0')}$${encode64(salt)}${encode64(out.subarray(0, 23))}`;
}
