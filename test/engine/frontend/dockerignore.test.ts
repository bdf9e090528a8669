import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDockerignore, readDockerignore } from '../../../src/engine/frontend/dockerignore.js';

describe('parseDockerignore', () => {
  it('trims, skips comments and blanks, cleans paths, keeps exceptions', () => {
    const text = '# comment\n\n  /node_modules/  \n./a/../b/*.log\n!  /keep/me\n**/tmp\r\n';
    expect(parseDockerignore(text)).toEqual(['node_modules', 'b/*.log', '!keep/me', '**/tmp']);
  });

  it('strips a BOM, keeps escapes, and treats only a leading # as a comment', () => {
    expect(parseDockerignore('\uFEFFa\n  # not a comment\nfile\\*name\n')).toEqual(['a', '# not a comment', 'file\\*name']);
  });

  it("trims as Go's TrimSpace: U+0085 is space, a BOM past the first line is not", () => {
    expect(parseDockerignore('\u0085a\u0085\n\uFEFFb\n!\u00a0c\n')).toEqual(['a', '\uFEFFb', '!c']);
  });
});

describe('readDockerignore', () => {
  it('prefers <Dockerfile>.dockerignore over the context one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'di-'));
    await writeFile(join(dir, '.dockerignore'), 'shared\n');
    expect(await readDockerignore(dir, join(dir, 'app.Dockerfile'))).toEqual(['shared']);
    await writeFile(join(dir, 'app.Dockerfile.dockerignore'), 'own\n');
    expect(await readDockerignore(dir, join(dir, 'app.Dockerfile'))).toEqual(['own']);
    expect(await readDockerignore(join(dir, 'missing'))).toEqual([]);
  });

  it('names the file and line of a pattern the matcher rejects', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'di-'));
    await writeFile(join(dir, '.dockerignore'), '# c\nok\n\nbad[]\n');
    await expect(readDockerignore(dir)).rejects.toThrow(`${join(dir, '.dockerignore')}:4: syntax error in pattern: "bad[]"`);
    await writeFile(join(dir, '.dockerignore'), 'a\n! \n');
    await expect(readDockerignore(dir)).rejects.toThrow(`${join(dir, '.dockerignore')}:2: illegal exclusion pattern: "!"`);
  });
});
