// Memoised on-demand evaluation with cycle detection: variables, top-level attributes and block
// references are computed the first time something reads them, as buildx's parser does.
import type { Value } from '../hcl/value.js';

export class LazyValues {
  private readonly done = new Map<string, Value>();
  private readonly active = new Set<string>();

  /** The memoised value of `key`; `onCycle` runs when `key` is read while being computed. */
  get(key: string, compute: () => Value, onCycle: () => never): Value {
    if (this.done.has(key)) return this.done.get(key)!;
    if (this.active.has(key)) onCycle();
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
