// Memoised on-demand evaluation with cycle detection: variables, top-level attributes and block
// references are computed the first time something reads them, as buildx's parser does.
import type { Value } from '../hcl/value.js';

export class LazyValues {
  private readonly done = new Map<string, Value>();
  /** Keys being computed, in the order they were entered (a Set keeps insertion order). */
  private readonly active = new Set<string>();

  /**
   * The memoised value of `key`. Reading `key` while it is being computed calls `onCycle` with
   * the cycle: `key` first, then the keys entered after it.
   */
  get(key: string, compute: () => Value, onCycle: (cycle: string[]) => never): Value {
    if (this.done.has(key)) return this.done.get(key)!;
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
