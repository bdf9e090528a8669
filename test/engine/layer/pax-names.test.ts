import { describe, expect, it } from 'vitest';
import { extract } from 'tar-stream';
import { PaxNameScanner } from '../../../src/engine/layer/pax-names.js';

/** One ustar header block: name, type flag, size, a valid checksum. */
function block(name: string | Buffer, flag: string, size: number): Buffer {
  const b = Buffer.alloc(512);
  (typeof name === 'string' ? Buffer.from(name) : name).copy(b, 0, 0, 100);
  b.write('0000644\0', 100, 'latin1');
  b.write('0000000\0', 108, 'latin1');
  b.write('0000000\0', 116, 'latin1');
  b.write(`${size.toString(8).padStart(11, '0')}\0`, 124, 'latin1');
  b.write('00000000000\0', 136, 'latin1');
  b.write(flag, 156, 'latin1');
  b.write('ustar\x0000', 257, 'latin1');
  b.fill(0x20, 148, 156);
  let sum = 0;
  for (const byte of b) sum += byte;
  b.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  return b;
}

const pad = (body: Buffer): Buffer => Buffer.concat([body, Buffer.alloc((512 - (body.length % 512)) % 512)]);

function record(key: string, value: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(` ${key}=`), value, Buffer.from('\n')]);
  let len = body.length + 1;
  if (String(len).length + body.length > len) len++;
  return Buffer.concat([Buffer.from(String(len)), body]);
}

function pax(flag: 'x' | 'g', records: Buffer[]): Buffer {
  const body = Buffer.concat(records);
  return Buffer.concat([block('PaxHeader', flag, body.length), pad(body)]);
}

const latin1 = (s: string): Buffer => Buffer.from(s, 'latin1');

/** An archive exercising what moves entry offsets: pax sizes, GNU long names, bodies that look like headers. */
function archive(): Buffer {
  const fakeHeader = Buffer.concat([pax('x', [record('path', Buffer.from('fake'))]), block('fake', '0', 0)]);
  const longName = latin1(`${'l'.repeat(120)}\xe9`);
  return Buffer.concat([
    pax('g', [record('comment', Buffer.from('global'))]),
    pax('x', [record('path', latin1('n\xe9.txt'))]),
    block('PaxHeader', '0', 3),
    pad(Buffer.from('abc')),
    // A body whose bytes are a pax header and an entry: skipped as data.
    block('looks-like-tar', '0', fakeHeader.length),
    fakeHeader,
    // The pax size wins over the ustar one (0 here).
    pax('x', [record('size', Buffer.from('600')), record('path', latin1('big\xff'))]),
    block('PaxHeader', '0', 0),
    pad(Buffer.alloc(600, 1)),
    Buffer.concat([block('././@LongLink', 'L', longName.length + 1), pad(Buffer.concat([longName, Buffer.alloc(1)]))]),
    block('short', '0', 0),
    pax('x', [record('linkpath', latin1('t\xe9')), record('path', Buffer.from('ok-é'))]),
    block('PaxHeader', '2', 0),
    Buffer.alloc(1024),
  ]);
}

/** The entries tar-stream finds, each with what the scanner kept for its offset. */
async function scan(tar: Buffer, chunk: number): Promise<[string, string | undefined, string | undefined][]> {
  const scanner = new PaxNameScanner();
  const ex = extract();
  const out: [string, string | undefined, string | undefined][] = [];
  const done = (async () => {
    for await (const entry of ex) {
      const raw = scanner.take(entry.offset);
      out.push([entry.header.name, raw?.path?.toString('latin1'), raw?.linkpath?.toString('latin1')]);
      entry.resume();
    }
  })();
  for (let i = 0; i < tar.length; i += chunk) {
    const part = tar.subarray(i, i + chunk);
    scanner.push(part);
    ex.write(part);
  }
  ex.end(Buffer.alloc(0));
  await done;
  return out;
}

describe('PaxNameScanner', () => {
  it("keeps each entry's raw pax path and linkpath by the offset tar-stream reports, in any chunking", async () => {
    const want = [
      ['n\ufffd.txt', 'n\xe9.txt', undefined],
      ['looks-like-tar', undefined, undefined],
      ['big\ufffd', 'big\xff', undefined],
      [latin1(`${'l'.repeat(120)}\xe9`).toString('utf8'), undefined, undefined],
      ['ok-é', Buffer.from('ok-é').toString('latin1'), 't\xe9'],
    ];
    for (const chunk of [1, 7, 512, 100_000]) expect(await scan(archive(), chunk)).toEqual(want);
  });
});
