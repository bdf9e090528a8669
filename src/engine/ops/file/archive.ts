// ADD unpacks a local file only when its bytes say it is a tar (plain or compressed), never
// because of its name: `notatar.tar` is copied as is.
import { createReadStream } from 'node:fs';
import { decompress } from '../../layer/decompress.js';
import { fsPath } from '../../layer/raw-names.js';

const TAR_MAGIC_OFFSET = 257;
const HEADER = 512;

function looksLikeTar(block: Buffer): boolean {
  return block.length >= HEADER && block.subarray(TAR_MAGIC_OFFSET, TAR_MAGIC_OFFSET + 5).toString('latin1') === 'ustar';
}

/** Reads (and if needed decompresses) just the first tar header block of `path`. */
export async function isArchive(path: string): Promise<boolean> {
  const source = createReadStream(fsPath(path), { start: 0 });
  try {
    return await startsWithTar(source);
  } finally {
    source.destroy();
  }
}

/** Whether `source` is a tar (plain or compressed), read only as far as its first header block. */
export async function startsWithTar(source: AsyncIterable<Uint8Array>): Promise<boolean> {
  try {
    const stream = await decompress(source, 'auto');
    const chunks: Buffer[] = [];
    let have = 0;
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      have += chunk.length;
      if (have >= HEADER) break;
    }
    stream.destroy();
    return looksLikeTar(Buffer.concat(chunks));
  } catch {
    return false;
  }
}
