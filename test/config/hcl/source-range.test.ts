import { describe, expect, it } from 'vitest';
import { SourceRange, span } from '../../../src/config/hcl/source-range.js';

describe('SourceRange', () => {
  const a = new SourceRange('x.hcl', 1, 3, 2, 1, 7, 6);
  const b = new SourceRange('x.hcl', 2, 1, 10, 2, 4, 13);

  it('reads its positions as plain Pos values', () => {
    expect([a.filename, a.start, a.end]).toEqual(['x.hcl', { line: 1, column: 3, byte: 2 }, { line: 1, column: 7, byte: 6 }]);
  });

  it('spans from the start of one range to the end of another, compact or plain', () => {
    const s = span(a, b);
    expect(s).toBeInstanceOf(SourceRange);
    expect([s.start, s.end]).toEqual([a.start, b.end]);
    const plain = { filename: 'x.hcl', start: { line: 9, column: 1, byte: 90 }, end: { line: 9, column: 5, byte: 94 } };
    expect(span(a, plain)).toEqual({ filename: 'x.hcl', start: a.start, end: plain.end });
  });
});
