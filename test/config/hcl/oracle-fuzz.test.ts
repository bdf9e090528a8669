// Mutation fuzzing against @cdktf/hcl2json: each fixture gets deletions and insertions of
// characters and tokens at pseudo-random places, and our first diagnostic (position and summary) must be
// HCL's first one, or both must accept the text.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from '@cdktf/hcl2json';
import { describe, expect, it } from 'vitest';
import { parseHcl } from '../../../src/config/hcl/parser.js';

const dir = join(import.meta.dirname, '../../fixtures/hcl/oracle');
const INSERTS = [
  '{', '}', '[', ']', '(', ')', '"', '=', ',', '\n', ' ', 'x', '$', '%', '.', ':', '?', '*', '#', '<', '~', '1', "'", '\\',
  '${', '%{', '~}', '<<EOT\n', '<<-X\n', '...', '=>', 'for ', 'if ', ' in ', '[*]', '.*', '$${', '%%{', '&', '|', ';', '@',
  '//', '/*', '*/',
];

function lcg(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

/** One or two edits: deleting 1-3 characters or inserting a character or token. */
function mutations(text: string, seed: number, count: number): string[] {
  const r = lcg(seed);
  return Array.from({ length: count }, () => {
    let out = text;
    for (let edits = 1 + Math.floor(r() * 2); edits > 0; edits--) {
      const at = Math.floor(r() * out.length);
      if (r() < 0.4) out = out.slice(0, at) + out.slice(at + 1 + Math.floor(r() * 3));
      else out = out.slice(0, at) + INSERTS[Math.floor(r() * INSERTS.length)] + out.slice(at);
    }
    return out;
  });
}

async function theirs(src: string): Promise<string> {
  return parse('e.hcl', src).then(
    () => 'ok',
    (e: unknown) => /\[(e\.hcl:[^;]+)/.exec(String(e))?.[1] ?? String(e),
  );
}

function ours(src: string): string {
  try {
    parseHcl('e.hcl', src);
    return 'ok';
  } catch (e) {
    return (e as Error).message.split(';')[0]!;
  }
}

describe('first diagnostic agrees with HCL on mutated files', () => {
  const files = readdirSync(dir).filter((f) => f.endsWith('.hcl'));
  it.each(files)('%s', async (f) => {
    const text = readFileSync(join(dir, f), 'utf8');
    const seed = [...f].reduce((h, c) => h * 31 + c.charCodeAt(0), 7) % 100000;
    const disagreements: string[] = [];
    for (const src of mutations(text, seed, 50)) {
      const want = await theirs(src);
      const got = ours(src);
      if (got !== want) disagreements.push(`${JSON.stringify(src)}\n  hcl: ${want}\n  we:  ${got}`);
    }
    expect(disagreements).toEqual([]);
  });
});
