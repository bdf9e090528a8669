// cty's result types of stdlib functions: a function typed list(T), set(T) or map(T) in cty gives
// a list, set or map (not a tuple or object), which later conversions, unification, concat and
// error messages see; sets are refused where cty refuses them, and type names in messages are
// cty's ("list of string"). Expected values, types and diagnostics come from a Go oracle (hcl
// 2.14.1 + cty 1.12.1) evaluating the same expressions.
import { describe, expect, it } from 'vitest';
import { stdlib } from '../../../../src/config/hcl/functions/index.js';
import { formatType } from '../../../../src/config/hcl/types.js';
import { typeOfValue } from '../../../../src/config/hcl/unify.js';
import { ev, evError } from '../eval-helpers.js';

const evs = (text: string) => ev(text, {}, stdlib);
const json = (text: string): string => stdlib.jsonencode!.impl([evs(text)]) as string;

/** Expression, its value as jsonencode writes it, its type as HCL prints types (cty's dynamic as any). */
const VALUES: [string, string, string][] = [
  ["split(\",\", \"a,b\")", "[\"a\",\"b\"]", "list(string)"],
  ["split(\",\", \"\")", "[\"\"]", "list(string)"],
  ["sort([\"b\",\"a\"])", "[\"a\",\"b\"]", "list(string)"],
  ["sort([])", "[]", "list(string)"],
  ["compact([\"a\",\"\",\"b\"])", "[\"a\",\"b\"]", "list(string)"],
  ["compact([])", "[]", "list(string)"],
  ["distinct([1,2,1])", "[1,2]", "list(number)"],
  ["distinct(convert([1,2], set(number)))", "[1,2]", "list(number)"],
  ["chunklist([1,2,3],2)", "[[1,2],[3]]", "list(list(number))"],
  ["chunklist([], 1)", "[]", "list(list(any))"],
  ["range(3)", "[0,1,2]", "list(number)"],
  ["range(0)", "[]", "list(number)"],
  ["formatlist(\"%s\", [\"a\"])", "[\"a\"]", "list(string)"],
  ["regexall(\"a\", \"aa\")", "[\"a\",\"a\"]", "list(string)"],
  ["regexall(\"(a)(b)\", \"x\")", "[]", "list(tuple([string,string]))"],
  ["regexall(\"(?P<x>a)\", \"a\")", "[{\"x\":\"a\"}]", "list(object({x=string}))"],
  ["csvdecode(\"a,b\\n1,2\")", "[{\"a\":\"1\",\"b\":\"2\"}]", "list(object({a=string,b=string}))"],
  ["csvdecode(\"a,b\")", "[]", "list(object({a=string,b=string}))"],
  ["keys({a=1,b=2})", "[\"a\",\"b\"]", "tuple([string,string])"],
  ["keys(convert({a=1,b=2}, map(number)))", "[\"a\",\"b\"]", "list(string)"],
  ["values({a=1,b=\"x\"})", "[1,\"x\"]", "tuple([number,string])"],
  ["values(convert({a=1,b=2}, map(any)))", "[1,2]", "list(number)"],
  ["reverselist(convert([\"a\",\"b\"], list(string)))", "[\"b\",\"a\"]", "list(string)"],
  ["reverselist(convert([\"b\",\"a\"], set(string)))", "[\"b\",\"a\"]", "list(string)"],
  ["reverselist([\"a\", 1])", "[1,\"a\"]", "tuple([number,string])"],
  ["slice(convert([1,2,3], list(any)),0,1)", "[1]", "list(number)"],
  ["slice([1,\"a\",3],0,2)", "[1,\"a\"]", "tuple([number,string])"],
  ["zipmap([\"a\",\"b\"], convert([1, 2], list(any)))", "{\"a\":1,\"b\":2}", "map(number)"],
  ["zipmap([\"a\",\"b\"], [1, \"x\"])", "{\"a\":1,\"b\":\"x\"}", "object({a=number,b=string})"],
  ["merge(convert({a=\"x\"}, map(any)), convert({b=2}, map(any)))", "{\"a\":\"x\",\"b\":2}", "object({a=string,b=number})"],
  ["merge(convert({a=\"x\"}, map(any)), convert({b=\"y\"}, map(any)))", "{\"a\":\"x\",\"b\":\"y\"}", "map(string)"],
  ["merge({a=1}, convert({b=2}, map(any)))", "{\"a\":1,\"b\":2}", "object({a=number,b=number})"],
  ["setproduct(convert([1,2], set(any)), [\"a\"])", "[[1,\"a\"],[2,\"a\"]]", "set(tuple([number,string]))"],
  ["setproduct([1,2], [\"a\"])", "[[1,\"a\"],[2,\"a\"]]", "list(tuple([number,string]))"],
  ["setproduct(convert([1,2], set(number)), [\"a\", 1])", "[[1,\"1\"],[1,\"a\"],[2,\"1\"],[2,\"a\"]]", "set(tuple([number,string]))"],
  ["setproduct(convert([1,2], list(number)), [\"a\", 1])", "[[1,\"a\"],[1,\"1\"],[2,\"a\"],[2,\"1\"]]", "list(tuple([number,string]))"],
  ["setproduct(convert([1,2], set(number)), [])", "[]", "set(tuple([number,any]))"],
  ["concat(split(\",\", \"a\"), split(\",\", \"b\"))", "[\"a\",\"b\"]", "list(string)"],
  ["flatten(convert([[1],[2]], list(list(number))))", "[1,2]", "tuple([number,number])"],
  ["setintersection([\"a\"], [\"b\"])", "[]", "set(string)"],
  ["setintersection([], [\"b\"])", "[]", "set(string)"],
  ["setsubtract([1], [1])", "[]", "set(number)"],
  ["setunion([], [])", "[]", "set(any)"],
  ["setsymmetricdifference([\"a\"], [\"a\"])", "[]", "set(string)"],
  ["setunion([\"a\"], [1])", "[\"1\",\"a\"]", "set(string)"],
  // A list converted to list(list(any)) has its elements' own types, as its results do.
  ["chunklist(convert([[1]], list(list(any))), 1)", "[[[1]]]", "list(list(list(number)))"],
  ["distinct(convert([[1]], list(list(any))))", "[[1]]", "list(list(number))"],
  ["convert([[1]], list(list(any)))", "[[1]]", "list(list(number))"],
  // An empty map keeps the element type it was converted to.
  ["values(convert({}, map(number)))", "[]", "list(number)"],
  ["coalesce({}, {a=1})", "{}", "map(number)"],
  ["merge(convert({}, map(number)), convert({}, map(number)))", "{}", "map(number)"],
  ["zipmap([], convert([], list(number)))", "{}", "map(number)"],
  ["convert({}, map(list(string)))", "{}", "map(list(string))"],
  ["convert({a=[1]}, map(list(any)))", "{\"a\":[1]}", "map(list(number))"],
  ["lookup(convert({}, map(number)), \"a\", \"1\")", "1", "number"],
  ["lookup(convert({a=1}, map(number)), \"b\", \"2\")", "2", "number"],
  ["lookup(convert({a=[1]}, map(list(any))), \"b\", [\"2\"])", "[2]", "list(number)"],
  ["lookup({a=1}, \"b\", \"x\")", "\"x\"", "string"],
];

/** Expression, summary and range, detail. */
const ERRORS: [string, string, string][] = [
  ["element(convert([1,2,3], set(any)),0)", "Error in function call 1,1-9", "Call to function \"element\" failed: cannot read elements from set of number."],
  ["element(convert({a=\"x\"}, map(string)), 0)", "Error in function call 1,1-9", "Call to function \"element\" failed: cannot read elements from map of string."],
  ["slice(convert([\"a\"], set(string)), 0, 1)", "Invalid function argument 1,7-15", "Invalid value for \"list\" parameter: cannot slice a set, because its elements do not have indices; explicitly convert to a list if the ordering of the result is not important."],
  ["index(convert([\"a\"], set(string)), 0)", "Error in function call 1,1-7", "Call to function \"index\" failed: collection must be a list, a map or a tuple."],
  ["hasindex(convert([\"a\"], set(string)), 0)", "Error in function call 1,1-10", "Call to function \"hasindex\" failed: collection must be a list, a map or a tuple."],
  ["zipmap([\"a\"], convert([1], set(number)))", "Error in function call 1,1-8", "Call to function \"zipmap\" failed: values argument must be a list or tuple value."],
  ["reverselist(convert({a=\"x\"}, map(string)))", "Invalid function argument 1,13-21", "Invalid value for \"list\" parameter: can only reverse list or tuple values, not map of string."],
  ["merge(convert([\"a\"], list(string)))", "Error in function call 1,1-7", "Call to function \"merge\" failed: arguments must be maps or objects, got \"list of string\"."],
  ["concat(split(\",\", \"a\"), convert([\"b\"], set(string)))", "Invalid function argument 1,25-33", "Invalid value for \"seqs\" parameter: all arguments must be lists or tuples; got set of string."],
  ["true ? values(convert({a=1}, map(any))) : [true]", "Inconsistent conditional result types 1,8-49", "The true and false result expressions must have consistent types. The 'true' value is list of number, but the 'false' value is tuple."],
  ["parseint(convert([\"a\"], list(string)), 10)", "Invalid function argument 1,10-18", "Invalid value for \"number\" parameter: first argument must be a string, not list of string."],
  ["parseint(convert({a=\"a\"}, map(string)), 10)", "Invalid function argument 1,10-18", "Invalid value for \"number\" parameter: first argument must be a string, not map of string."],
];

describe('stdlib result types', () => {
  it.each(VALUES)('%s', (expr, value, type) => {
    const v = evs(expr);
    expect(json(expr)).toBe(value);
    expect(formatType(typeOfValue(v))).toBe(type);
  });

  it.each(ERRORS)('%s fails as cty does', (expr, where, detail) => {
    const summary = where.replace(/ \S+$/, '');
    const range = where.slice(summary.length + 1);
    expect(evError(expr, {}, stdlib)).toBe(`t.hcl:${range}: ${summary}; ${detail}`);
  });

  it('a list result unifies with a tuple as a list', () => {
    // cty: the conditional's type is list(string), so the tuple's elements become strings.
    expect(json('false ? split(",", "a") : [1, true]')).toBe('["1","true"]');
  });
});
