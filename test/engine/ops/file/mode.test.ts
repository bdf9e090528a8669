import { describe, expect, it } from 'vitest';
import { modeFn } from '../../../../src/engine/ops/file/mode.js';

describe('modeFn', () => {
  const table: [number | string, number, boolean, number][] = [
    [0o600, 0o755, false, 0o600],
    ['755', 0o600, false, 0o755],
    ['u+x', 0o644, false, 0o744],
    ['go-w', 0o666, false, 0o644],
    ['a=r', 0o777, false, 0o444],
    ['=rw', 0o777, false, 0o666],
    ['a+X', 0o644, false, 0o644],
    ['a+X', 0o644, true, 0o755],
    ['a+X', 0o744, false, 0o755],
    ['g=u', 0o640, false, 0o660],
    ['u+s', 0o755, false, 0o4755],
    ['+t', 0o777, true, 0o1777],
    ['u=rwx,g=rx,o=', 0o000, false, 0o750],
  ];
  it.each(table)('%s on %o (dir=%s) → %o', (mode, from, isDir, want) => {
    expect(modeFn(mode)!(from, isDir)).toBe(want);
  });

  it('keeps the source bits when unset, rejects nonsense', () => {
    expect(modeFn(undefined)).toBeUndefined();
    expect(() => modeFn('u+q')).toThrow(/invalid chmod/);
  });
});
