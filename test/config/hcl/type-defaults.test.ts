import { describe, expect, it } from 'vitest';
import { parseExpression } from '../../../src/config/hcl/parser.js';
import { applyDefaults } from '../../../src/config/hcl/type-defaults.js';
import { parseTypeExpr } from '../../../src/config/hcl/typeexpr.js';
import type { HclType } from '../../../src/config/hcl/types.js';
import { isMap, makeMap, type Value } from '../../../src/config/hcl/value.js';

const type = (text: string): HclType => parseTypeExpr(parseExpression('t.hcl', text), true);
const plain = (v: Value): unknown => JSON.parse(JSON.stringify(v));

// The behaviour of HCL's typeexpr Defaults.Apply (ext/typeexpr/defaults_test.go).
describe('applyDefaults', () => {
  const OBJ = 'object({ a = string, b = optional(string, "x"), c = optional(number) })';
  const cases: [string, string, Value, unknown][] = [
    ['fills a missing attribute', OBJ, { a: 'v' }, { a: 'v', b: 'x' }],
    ['fills a null attribute', OBJ, { a: 'v', b: null }, { a: 'v', b: 'x' }],
    ['keeps a given attribute', OBJ, { a: 'v', b: 'y' }, { a: 'v', b: 'y' }],
    ['leaves a null value alone', OBJ, null, null],
    ['leaves a value of another shape to the conversion', OBJ, 'text', 'text'],
    ['reaches every element of a list', `list(${OBJ})`, [{ a: '1' }, { a: '2', b: 'z' }], [{ a: '1', b: 'x' }, { a: '2', b: 'z' }]],
    ['reaches every element of a set', `set(${OBJ})`, [{ a: '1' }], [{ a: '1', b: 'x' }]],
    ['reaches every value of a map', `map(${OBJ})`, { k: { a: '1' } }, { k: { a: '1', b: 'x' } }],
    ['reaches tuple elements by position', `tuple([string, ${OBJ}])`, ['s', { a: '1' }], ['s', { a: '1', b: 'x' }]],
    ['reaches nested object attributes', `object({ o = ${OBJ} })`, { o: { a: '1' } }, { o: { a: '1', b: 'x' } }],
    [
      'applies the defaults nested in a default',
      'object({ o = optional(object({ p = optional(string, "deep"), q = optional(number) }), {}) })',
      {},
      // The default `{}` was converted to its type when parsed, so q is there as null.
      { o: { p: 'deep', q: null } },
    ],
    ['converts the default to the attribute type when parsed', 'object({ n = optional(string, 5) })', {}, { n: '5' }],
  ];
  it.each(cases)('%s', (_name, text, value, want) => {
    expect(plain(applyDefaults(value, type(text)))).toEqual(want);
  });

  it('keeps a map a map', () => {
    const out = applyDefaults(makeMap([['k', { a: '1' }]]), type(`map(${OBJ})`));
    expect(isMap(out)).toBe(true);
  });
});
