// Group commit for syncfs: steps finishing together share one filesystem sync instead of queueing
// one each. A sync covers every write completed before it *started*, so a caller arriving while
// one is running waits for the next, which all such callers share.
import { syncFs } from './syscalls.js';

export class SyncBatcher {
  private running: Promise<void> | undefined;
  private next: Promise<void> | undefined;

  /** `sync` defaults to syncfs(2) of `path`'s filesystem; tests pass their own. */
  constructor(
    private readonly path: string,
    private readonly sync: (path: string) => Promise<void> = syncFs,
  ) {}

  /** Resolves once everything written before this call is on disk. */
  flush(): Promise<void> {
    if (!this.running) return this.start();
    this.next ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.next = undefined;
        return this.start();
      });
    return this.next;
  }

  private start(): Promise<void> {
    const run = this.sync(this.path).finally(() => {
      if (this.running === run) this.running = undefined;
    });
    this.running = run;
    return run;
  }
}
