import { describe, expect, it } from 'vitest';
import { NotStringArrayError, parseJSONArray } from '../../../../../src/engine/frontend/dockerfile/parser/json-args.js';

describe('parseJSONArray', () => {
  it('reads the first JSON value only, after leading whitespace', () => {
    expect(parseJSONArray('\t ["a", "b"] trailing')).toEqual(['a', 'b']);
    expect(parseJSONArray('[]')).toEqual([]);
  });

  it('returns undefined (shell form) for anything that is not a JSON array', () => {
    for (const text of ['', 'echo [x]', '[', '["a",]', "['a']", '["a" "b"]', '{"a": 1}', '[}']) {
      expect(parseJSONArray(text)).toBeUndefined();
    }
  });

  it('throws for a valid array with a non-string element', () => {
    expect(() => parseJSONArray('["a", 1]')).toThrow(NotStringArrayError);
    expect(() => parseJSONArray('[null]')).toThrow(NotStringArrayError);
    expect(() => parseJSONArray('[["nested"]]')).toThrow(NotStringArrayError);
  });

  it('decodes unpaired surrogate escapes to U+FFFD as Go does', () => {
    expect(parseJSONArray('["a\\ud800b", "\\ud83d\\ude00", "\\udc00"]')).toEqual(['a\uFFFDb', '😀', '\uFFFD']);
  });
});
