import { describe, expect, it } from 'vitest';
import { decodeRaw, encodeRaw, fsPath, hasEscapes, lossy } from '../../../src/engine/layer/raw-names.js';

describe('raw names (bytes that are not UTF-8 kept exactly)', () => {
  const cases: [string, Buffer][] = [
    ['plain ascii', Buffer.from('a/b.txt')],
    ['valid UTF-8, astral included', Buffer.from('uni-é/🚀\u{10080}')],
    ['Latin-1 byte', Buffer.from([0x6e, 0xe9, 0x2d, 0x78])],
    ['bytes that start a sequence but do not end it', Buffer.from([0x62, 0xff, 0xfe, 0xe2, 0x82, 0x2f, 0xc3])],
    ['overlong and surrogate encodings', Buffer.from([0xc0, 0xaf, 0xed, 0xa0, 0x80, 0xf4, 0x90, 0x80, 0x80])],
  ];

  it.each(cases)('%s: decode then encode gives the same bytes', (_name, bytes) => {
    const s = decodeRaw(bytes);
    expect(encodeRaw(s).equals(bytes)).toBe(true);
    expect(hasEscapes(s)).toBe(!bytes.equals(Buffer.from(bytes.toString('utf8'))));
  });

  it('valid names stay plain strings (fs calls and tar headers unchanged for them)', () => {
    const s = decodeRaw(Buffer.from('dir/héllo wörld/\u{10080}'));
    expect(s).toBe('dir/héllo wörld/\u{10080}');
    expect(fsPath(s)).toBe(s);
  });

  it('a name decoded by Node with a lost byte is recognised', () => {
    const bytes = Buffer.from([0x78, 0xe9]);
    expect(lossy(bytes.toString('utf8'))).toBe(true);
    expect(lossy('plain')).toBe(false);
    expect(fsPath(decodeRaw(bytes))).toEqual(bytes);
  });
});
