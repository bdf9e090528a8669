import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseRuntime, hostKey } from '../../../src/engine/executor/runtime-choice.js';
import type { Runtime } from '../../../src/engine/executor/runtime-choice.js';

function prober(refuse: Runtime[]): { probe: (rt: Runtime) => Promise<string | undefined>; asked: Runtime[] } {
  const asked: Runtime[] = [];
  return {
    asked,
    probe: async (rt) => {
      asked.push(rt);
      return refuse.includes(rt) ? `${rt} refused: cgroups in hybrid mode not supported` : undefined;
    },
  };
}

describe('chooseRuntime', () => {
  it('prefers crun, takes runc when crun is refused, probing both at once', async () => {
    const p = prober(['crun']);
    expect(await chooseRuntime(mkdtempSync(join(tmpdir(), 'rt-')), p.probe)).toBe('runc');
    expect(p.asked.sort()).toEqual(['crun', 'runc']);
    expect(await chooseRuntime(mkdtempSync(join(tmpdir(), 'rt-')), prober([]).probe)).toBe('crun');
  });

  it('remembers the choice for this boot and these binaries, and probes again when they change', async () => {
    const root = mkdtempSync(join(tmpdir(), 'rt-'));
    await chooseRuntime(root, prober(['crun']).probe);
    const again = prober([]);
    expect(await chooseRuntime(root, again.probe)).toBe('runc');
    expect(again.asked).toEqual([]);
    const file = join(root, 'runtime-choice.json');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ key: hostKey(), runtime: 'runc' });
    writeFileSync(file, JSON.stringify({ key: 'another boot', runtime: 'runc' }));
    const upgraded = prober([]);
    expect(await chooseRuntime(root, upgraded.probe)).toBe('crun');
    expect(upgraded.asked.length).toBe(2);
  });

  it('fails naming every runtime and why, and remembers nothing', async () => {
    const root = mkdtempSync(join(tmpdir(), 'rt-'));
    await expect(chooseRuntime(root, prober(['crun', 'runc']).probe)).rejects.toThrow(/crun: crun refused.*\n.*runc: runc refused/);
    const next = prober([]);
    await chooseRuntime(root, next.probe);
    expect(next.asked.length).toBe(2);
  });
});
