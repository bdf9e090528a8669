import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Lease, acquireGcLock, isLeased, leasedNames, waitGcIdle } from '../../../src/engine/cache/leases.js';

/** A pid that no longer runs. */
function deadPid(): number {
  return spawnSync('true').pid!;
}

describe('leases', () => {
  it('lists the names leased by live processes, and forgets a released lease', () => {
    const state = mkdtempSync(join(tmpdir(), 'bake-lease-'));
    const lease = new Lease(state);
    lease.add(['rec1', 'layer-a', 'prefix-x*']);
    expect(leasedNames(state)).toEqual(new Set(['rec1', 'layer-a', 'prefix-x*']));
    lease.release();
    expect(leasedNames(state).size).toBe(0);
  });

  it('drops the lease file of a dead process', () => {
    const state = mkdtempSync(join(tmpdir(), 'bake-lease-'));
    mkdirSync(join(state, 'leases'));
    const file = join(state, 'leases', `${deadPid()}-abcd`);
    writeFileSync(file, 'rec1\n');
    expect(leasedNames(state).size).toBe(0);
    expect(existsSync(file)).toBe(false);
  });

  it('matches layers by id or by leased prefix', () => {
    const leased = new Set(['exact', 'step1-*']);
    expect(isLeased(leased, 'exact')).toBe(true);
    expect(isLeased(leased, 'step1-1')).toBe(true);
    expect(isLeased(leased, 'step2')).toBe(false);
  });

  it('makes a build wait while a collector holds the GC lock', async () => {
    const state = mkdtempSync(join(tmpdir(), 'bake-lease-'));
    const release = await acquireGcLock(state);
    let idle = false;
    const waiting = waitGcIdle(state).then(() => (idle = true));
    await new Promise((r) => setTimeout(r, 150));
    expect(idle).toBe(false);
    release();
    await waiting;
    expect(idle).toBe(true);
  });

  it('breaks the lock of a dead collector', async () => {
    const state = mkdtempSync(join(tmpdir(), 'bake-lease-'));
    mkdirSync(join(state, 'gc.lock'));
    writeFileSync(join(state, 'gc.lock', 'pid'), String(deadPid()));
    const release = await acquireGcLock(state);
    expect(existsSync(join(state, 'gc.lock'))).toBe(true);
    release();
    expect(existsSync(join(state, 'gc.lock'))).toBe(false);
  });
});
