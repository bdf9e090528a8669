import { describe, expect, it } from 'vitest';
import { dedupEntries } from '../../src/bake/entries.js';
import type { Entry } from '../../src/bake/types.js';

describe('dedupEntries', () => {
  it('keeps the first of equal entries in order, whatever their key order', () => {
    const list: Entry[] = [
      { type: 'registry', ref: 'a' },
      { ref: 'a', type: 'registry' },
      { type: 'registry', ref: 'b' },
      { type: 'registry', ref: 'a', mode: 'max' },
      { type: 'registry', ref: 'b' },
    ];
    expect(dedupEntries(list)).toEqual([list[0], list[2], list[3]]);
  });

  it('tells values of different types and lists apart', () => {
    const list: Entry[] = [{ type: 'x', on: true }, { type: 'x', on: 'true' }, { type: 'x', on: true }, { type: 'x', l: ['a', 'b'] }, { type: 'x', l: ['a', 'b'] }, { type: 'x', l: ['b', 'a'] }];
    expect(dedupEntries(list)).toEqual([list[0], list[1], list[3], list[5]]);
  });

  it('deduplicates long lists the same way', () => {
    const list: Entry[] = Array.from({ length: 20 }, (_, i) => (i % 2 ? { ref: String(i % 5), type: 'registry' } : { type: 'registry', ref: String(i % 5) }));
    expect(dedupEntries(list)).toEqual(['0', '1', '2', '3', '4'].map((ref) => ({ type: 'registry', ref })));
  });
});
