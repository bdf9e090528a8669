import { describe, expect, it } from 'vitest';
import { SyncBatcher } from '../../../src/engine/host/sync-batcher.js';

/** A sync that finishes when the test says so, recording when each one started. */
function controlledSync(): { sync: (p: string) => Promise<void>; started: string[]; finish: (err?: Error) => void } {
  const started: string[] = [];
  const pending: { done: () => void; fail: (e: Error) => void }[] = [];
  return {
    started,
    sync: (p) => {
      started.push(p);
      return new Promise((done, fail) => pending.push({ done, fail }));
    },
    finish: (err) => {
      const next = pending.shift()!;
      if (err) next.fail(err);
      else next.done();
    },
  };
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('SyncBatcher', () => {
  it('starts a sync at once when none runs, and callers arriving meanwhile share the next one', async () => {
    const c = controlledSync();
    const b = new SyncBatcher('/state/tmp', c.sync);
    const first = b.flush();
    expect(c.started).toEqual(['/state/tmp']);
    let laterDone = 0;
    const later = [b.flush(), b.flush(), b.flush()].map((p) => p.then(() => laterDone++));
    await tick();
    // Their writes may have come after the running sync began: it does not cover them.
    expect(c.started).toHaveLength(1);
    c.finish();
    await first;
    await tick();
    expect(laterDone).toBe(0);
    expect(c.started).toHaveLength(2);
    c.finish();
    await Promise.all(later);
    expect(laterDone).toBe(3);
    expect(c.started).toHaveLength(2);
  });

  it('fails the callers of a failed sync only, and syncs again afterwards', async () => {
    const c = controlledSync();
    const b = new SyncBatcher('/s', c.sync);
    const first = b.flush();
    const second = b.flush();
    c.finish(new Error('EIO'));
    await expect(first).rejects.toThrow('EIO');
    await tick();
    c.finish();
    await expect(second).resolves.toBeUndefined();
    const third = b.flush();
    expect(c.started).toHaveLength(3);
    c.finish();
    await third;
  });
});
