// Memoised on-demand evaluation with cycle detection: variables, top-level attributes and block
// references are computed the first time something reads them, as buildx's parser does.
import type { Value } from '../hcl/value.js';

export class LazyValues<K = string> {
  private readonly done = new Map<K, Value>();
  /** Keys being computed, in the order they were entered (a Set keeps insertion order). */
  private readonly active = new Set<K>();

  /**
   * The memoised value of `key`. Reading `key` while it is being computed calls `onCycle` with
   * the cycle: `key` first, then the keys entered after it.
   */
  get(key: K, compute: () => Value, onCycle: (cycle: K[]) => never): Value {
    const done = this.done.get(key);
    if (done !== undefined || this.done.has(key)) return done!;
    if (this.active.has(key)) {
      const path = [...this.active];
      onCycle(path.slice(path.indexOf(key)));
    }
    this.active.add(key);
    try {
      const value = compute();
      this.done.set(key, value);
      return value;
    } finally {
      this.active.delete(key);
    }
  }
}
