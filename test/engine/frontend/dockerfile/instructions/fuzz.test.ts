// Mutation fuzzing of the whole front half (parser + instructions + shell lexer): thousands of
// damaged Dockerfiles, from a fixed seed so failures reproduce. Each one must either parse or
// throw a UserError that names a line; any other exception (TypeError, RangeError...) or a
// hang is a bug.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SourceError, UserError } from '../../../../../src/errors.js';
import { parseDockerfile } from '../../../../../src/engine/frontend/dockerfile/instructions/parse.js';
import { ShellLex } from '../../../../../src/engine/frontend/dockerfile/shell/lex.js';

const SEEDS = [
  'FROM alpine AS base\nRUN apk add --no-cache curl\nCOPY --from=base /a /b\nCMD ["sh", "-c", "echo hi"]\n',
  '# syntax=docker/dockerfile:1\n# escape=`\nFROM x\nRUN a `\n  b\nENV A=1 B="x y"\n',
  'ARG V=1\nFROM busybox:${V}\nRUN --mount=type=cache,target=/c,id=x --network=none <<EOF\necho $V\nEOF\n',
  'FROM a\nCOPY <<-"one" <<two /dst/\n\tbody\n\tone\ntext $X\ntwo\nONBUILD RUN echo hi\n',
  'FROM a\nHEALTHCHECK --interval=5s --retries=3 CMD curl -f http://x/ || exit 1\nLABEL a=b c="d e"\nEXPOSE 80 443/udp\n',
  'FROM a\nENV PATH /usr/bin:$PATH\nWORKDIR /app\nUSER 1000:1000\nVOLUME ["/data"]\nSHELL ["/bin/bash", "-c"]\nSTOPSIGNAL SIGTERM\n',
];

function corpus(): string[] {
  const texts = [...SEEDS];
  const dirs = [
    '/work/shared/conformance/dockerfile/parser/testfiles',
    resolve(import.meta.dirname, '../../../../fixtures/dockerfile-parser/testfiles'),
  ];
  for (const dir of dirs) {
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir)) {
      const file = join(dir, name, 'Dockerfile');
      if (existsSync(file)) texts.push(readFileSync(file, 'utf8'));
    }
  }
  return texts;
}

/** mulberry32: a tiny deterministic PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const INSERTS = ['\\', '<<', '[', ']', '"', "'", '$', '${', '}', '\n', '#', '--', '=', '`', '<<-EOF\n', ',', '\t', '\r\n'];

function mutate(text: string, rnd: () => number): string {
  const pick = (n: number) => Math.floor(rnd() * n);
  let s = text;
  const rounds = 1 + pick(4);
  for (let r = 0; r < rounds; r++) {
    const i = pick(s.length + 1);
    const lines = s.split('\n');
    const l = pick(lines.length);
    switch (pick(7)) {
      case 0: // delete a char
        s = s.slice(0, i) + s.slice(i + 1);
        break;
      case 1: // duplicate a char
        s = s.slice(0, i) + s.slice(i, i + 1) + s.slice(i);
        break;
      case 2: {
        // swap two chars
        const j = pick(s.length);
        const a = s.split('');
        [a[i], a[j]] = [a[j] ?? '', a[i] ?? ''];
        s = a.join('');
        break;
      }
      case 3: // delete a line
        lines.splice(l, 1);
        s = lines.join('\n');
        break;
      case 4: // duplicate a line
        lines.splice(l, 0, lines[l] ?? '');
        s = lines.join('\n');
        break;
      case 5: {
        // swap two lines
        const m = pick(lines.length);
        [lines[l], lines[m]] = [lines[m] ?? '', lines[l] ?? ''];
        s = lines.join('\n');
        break;
      }
      default:
        s = s.slice(0, i) + INSERTS[pick(INSERTS.length)] + s.slice(i);
    }
  }
  return s;
}

/** Runs parseDockerfile and classifies the outcome; anything unexpected is returned as text. */
function check(text: string): string | undefined {
  try {
    parseDockerfile(text, 'Dockerfile');
    return undefined;
  } catch (err) {
    if (!(err instanceof SourceError)) return `non-SourceError ${String(err)}`;
    if (!/^Dockerfile:\d+: /.test(err.message)) return `message without line: ${err.message}`;
    if (!err.range || err.range.start.line < 1) return `range without line: ${err.message}`;
    return undefined;
  }
}

describe('fuzz: mutated Dockerfiles parse or fail with a located UserError', () => {
  const texts = corpus();
  it('survives 4000 mutations', () => {
    const rnd = prng(20261123);
    const failures: string[] = [];
    for (let n = 0; n < 4000; n++) {
      const text = mutate(texts[n % texts.length]!, rnd);
      const problem = check(text);
      if (problem) failures.push(`${problem}\n--- input ---\n${JSON.stringify(text)}`);
    }
    expect(failures.slice(0, 3)).toEqual([]);
  });

  it('the shell lexer returns or throws a UserError on mutated words', () => {
    const rnd = prng(7);
    const words = ['${A:-x}', '"$B"', "'c'", '${D#*/}', '${E//a/b}', '\\$F', '${G:?msg}', 'plain'];
    const lex = new ShellLex('\\');
    const env = { A: '1', B: 'two words', D: 'a/b/c', E: 'banana' };
    for (let n = 0; n < 3000; n++) {
      const word = mutate(words.slice(0, 1 + (n % words.length)).join(' '), rnd);
      try {
        lex.processWords(word, env);
        lex.processWord(word, env);
      } catch (err) {
        expect(err).toBeInstanceOf(UserError);
      }
    }
  });

  it.each([
    ['ONBUILD chains', (n: number) => `FROM a\n${'ONBUILD '.repeat(n)}RUN x\n`],
    ['nested ${}', (n: number) => `FROM a\nENV A=${'${a:-'.repeat(n)}${'}'.repeat(n)}\n`],
    ['continuations', (n: number) => `FROM a\nRUN ${'x \\\n'.repeat(n)}y\n`],
    ['open brackets', (n: number) => `FROM a\nCMD ${'['.repeat(n)}\n`],
  ])('pathological %s finish quickly, with a UserError if any', (_name, gen) => {
    const started = Date.now();
    for (const n of [10, 1000, 20000]) {
      try {
        parseDockerfile(gen(n), 'Dockerfile');
      } catch (err) {
        expect(err).toBeInstanceOf(SourceError);
      }
    }
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
