import { describe, expect, it } from 'vitest';
import { goQuoteSlice } from '../../../../../src/engine/frontend/dockerfile/parser/quote.js';

describe('goQuoteSlice (Go %q of a []string)', () => {
  it('formats a slice as %q does', () => {
    expect(goQuoteSlice(['--a=1', '--b'])).toBe('["--a=1" "--b"]');
    expect(goQuoteSlice([])).toBe('[]');
  });
});
