import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { packageFile } from '../../../src/config/files/package-root.js';

describe('packageFile', () => {
  it('resolves against the nearest directory above the module that holds a package.json', () => {
    const root = mkdtempSync(join(tmpdir(), 'bake-pkg-root-'));
    writeFileSync(join(root, 'package.json'), '{}');
    mkdirSync(join(root, 'dist', 'bake', 'cli'), { recursive: true });
    const deep = pathToFileURL(join(root, 'dist', 'bake', 'cli', 'main.js'));
    const shallow = pathToFileURL(join(root, 'dist', 'bundle', 'cli.cjs'));
    const expected = pathToFileURL(join(root, 'schemas', 'x.json')).href;
    expect(packageFile('schemas/x.json', deep).href).toBe(expected);
    expect(packageFile('schemas/x.json', shallow).href).toBe(expected);
  });

  it('finds this package from its own source', () => {
    expect(packageFile('package.json').pathname).toBe(join(import.meta.dirname, '..', '..', '..', 'package.json'));
  });
});
