// Reads .dockerignore files into pattern lists (parsing only: the local source matches them).
// As BuildKit's dockerui: `<Dockerfile>.dockerignore` next to the Dockerfile wins over the
// context's `.dockerignore`; `#` lines are comments, each other line is trimmed, patterns are cleaned
// like Go's filepath.Clean and lose a leading `/`, and `!` re-includes.
import { readFile } from 'node:fs/promises';
import { basename, dirname, join, posix } from 'node:path';
import { UserError } from '../../errors.js';
import { PatternMatcher } from '../fs/patternmatcher.js';
import { trimSpace } from './dockerfile/parser/split-command.js';

/** One pattern per meaningful line, `!`-prefixed for exceptions. */
export function parseDockerignore(text: string): string[] {
  return parseLines(text).map((l) => l.pattern);
}

interface PatternLine {
  pattern: string;
  line: number;
}

function parseLines(text: string): PatternLine[] {
  const patterns: PatternLine[] = [];
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  for (const [i, raw] of lines.entries()) {
    // As moby's ignorefile: a comment is a line starting with `#` before any trimming.
    if (raw.startsWith('#')) continue;
    // Go's TrimSpace: Unicode spaces (U+0085 too) but not a BOM past the first line.
    let pattern = trimSpace(raw);
    if (pattern === '') continue;
    const invert = pattern.startsWith('!');
    if (invert) pattern = trimSpace(pattern.slice(1));
    if (pattern.length > 0) {
      // Backslashes stay: on Linux they escape pattern characters.
      pattern = posix.normalize(pattern);
      if (pattern.length > 1 && pattern.endsWith('/')) pattern = pattern.slice(0, -1);
      if (pattern.length > 1 && pattern.startsWith('/')) pattern = pattern.slice(1);
    }
    patterns.push({ pattern: invert ? `!${pattern}` : pattern, line: i + 1 });
  }
  return patterns;
}

/**
 * The patterns of an ignore file, each checked as the matcher will take it, so that a bad one
 * (`[]`, a bare `!`) is reported at its line instead of when the context is sent.
 */
function checkedPatterns(text: string, path: string): string[] {
  const lines = parseLines(text);
  for (const { pattern, line } of lines) {
    try {
      new PatternMatcher([pattern]);
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      throw new UserError(`${path}:${line}: ${err.message}`, { cause: err });
    }
  }
  return lines.map((l) => l.pattern);
}

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/**
 * The exclude patterns of a build: `<dockerfile>.dockerignore` when it exists beside the
 * Dockerfile, else `<context>/.dockerignore`, else none.
 */
export async function readDockerignore(contextDir: string, dockerfilePath?: string): Promise<string[]> {
  if (dockerfilePath) {
    const ownPath = join(dirname(dockerfilePath), `${basename(dockerfilePath)}.dockerignore`);
    const own = await readIfExists(ownPath);
    if (own !== undefined) return checkedPatterns(own, ownPath);
  }
  const sharedPath = join(contextDir, '.dockerignore');
  const shared = await readIfExists(sharedPath);
  return shared === undefined ? [] : checkedPatterns(shared, sharedPath);
}
