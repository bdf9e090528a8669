// Runs the shared engine conformance cases (Dockerfiles with what a real BuildKit produced)
// through their own runner, one vitest case each, so a regression names the case. The case list
// is read from the directory: the set is a sample of a larger one.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bakeBin } from '../helpers/cli.js';
import { restoredCorpusCopy } from '../helpers/corpus.js';

const shared = resolve(import.meta.dirname, '..', '..', '..', 'shared', 'conformance', 'engine');
const cases = existsSync(join(shared, 'cases')) ? readdirSync(join(shared, 'cases')).sort() : [];
const canBuild = process.getuid?.() === 0 && existsSync('/usr/sbin/runc') && existsSync('/usr/bin/umoci');

describe.skipIf(cases.length === 0 || !canBuild)('engine conformance (../shared/conformance/engine)', () => {
  const corpus = cases.length > 0 && canBuild ? restoredCorpusCopy(shared) : '';

  it.each(cases)('%s', (name) => {
    let out: string;
    try {
      out = execFileSync('bash', [join(corpus, 'run-bake.sh'), `node ${bakeBin}`, name], {
        encoding: 'utf8',
        env: { ...process.env, BAKE_STATE_DIR: join(corpus, 'state') },
      });
    } catch (err) {
      out = String((err as { stdout?: string }).stdout ?? err);
    }
    expect(out.trim().split('\n').pop(), out).toBe('1 passed, 0 failed');
  }, 300_000);
});
