// == and != as cty's Equals: values are equal only when their types are too, so a list never
// equals a tuple, nor a map an object (split(",", "a") == ["a"] is false); contains compares the
// same way. Expected results from a Go oracle (hcl 2.14.1 + cty 1.12.1).
import { describe, expect, it } from 'vitest';
import { stdlib } from '../../../src/config/hcl/functions/index.js';
import { ev } from './eval-helpers.js';

/** Expression and its result as jsonencode writes it. */
const CASES: [string, string][] = [
  ["split(\",\", \"a\") == [\"a\"]", "false"],
  ["split(\",\", \"a\") != [\"a\"]", "true"],
  ["split(\",\", \"a\") == split(\",\", \"a\")", "true"],
  ["convert([1], list(number)) == [1]", "false"],
  ["convert([1], list(number)) == convert([1], list(any))", "true"],
  ["convert([1], list(number)) == convert([1], set(number))", "false"],
  ["convert([], list(string)) == convert([], list(number))", "false"],
  ["convert([], list(string)) == []", "false"],
  ["convert({a=1}, map(number)) == {a=1}", "false"],
  ["convert({a=1}, map(number)) == convert({a=1}, map(number))", "true"],
  ["convert({a=1}, map(number)) == convert({a=\"1\"}, map(string))", "false"],
  ["[[1]] == [convert([1], list(number))]", "false"],
  ["{a=[1]} == {a=convert([1], list(number))}", "false"],
  ["[1] == [1]", "true"],
  ["[1, \"a\"] == [1, \"a\"]", "true"],
  ["[null] == [null]", "true"],
  ["[null] == [\"a\"]", "false"],
  ["{a=null} == {a=1}", "false"],
  ["contains([split(\",\", \"a\")], [\"a\"])", "false"],
  ["contains([[\"a\"]], split(\",\", \"a\"))", "false"],
  ["contains(split(\",\", \"a,b\"), \"a\")", "true"],
  ["keys({a=1}) == [\"a\"]", "true"],
  ["null == split(\",\", \"a\")", "false"],
  ["split(\",\", \"a\")[0] == \"a\"", "true"],
];

describe('equality', () => {
  it.each(CASES)('%s', (expr, result) => {
    expect(JSON.stringify(ev(expr, {}, stdlib))).toBe(result);
  });
});
