import { describe, expect, it } from 'vitest';
import { makeObject } from '../../../../src/config/hcl/value.js';
import { stdlib } from '../../../../src/config/hcl/functions/index.js';
import { evError } from '../eval-helpers.js';
import { call, type Case, type ErrorCase } from './call.js';

describe('encoding and json functions', () => {
  const cases: Case[] = [
    ['base64encode', ['Hello'], 'SGVsbG8='],
    ['base64decode', ['SGVsbG8='], 'Hello'],
    ['base64decode', ['w6k='], 'é'],
    ['urlencode', ['a/b?c=d&e~ é'], 'a%2Fb%3Fc%3Dd%26e~+%C3%A9'],
    ['jsonencode', [makeObject([['b', [1, true, null]], ['a', 'x']])], '{"a":"x","b":[1,true,null]}'],
    ['jsonencode', ['<a & b>'], '"\\u003ca \\u0026 b\\u003e"'],
    ['jsonencode', [1e21], '1000000000000000000000'],
    ['jsonencode', [null], 'null'],
    ['jsondecode', ['{"a":[1,true,null],"b":"x"}'], makeObject([['a', [1, true, null]], ['b', 'x']])],
    ['jsondecode', ['"s"'], 's'],
    ['jsondecode', ['{"k":1,"k":2}'], makeObject([['k', 2]])],
    ['jsondecode', ['[1]]'], [1]],
    ['jsondecode', ['"\\ud800"'], '\ufffd'],
    ['jsondecode', ['[{"k":1},{"k":2},{"a":{"k":3},"k":"k"}]'], [makeObject([['k', 1]]), makeObject([['k', 2]]), makeObject([['a', makeObject([['k', 3]])], ['k', 'k']])]],
  ];
  it.each(cases)('%s(%j) = %j', (name, args, want) => {
    expect(call(name, ...args)).toEqual(want);
  });

  it('decodes JSON keys that look like prototype members as plain data', () => {
    const v = call('jsondecode', '{"__proto__":1}') as Record<string, unknown>;
    expect(Object.keys(v)).toEqual(['__proto__']);
  });

  it('decodes JSON objects with sorted keys, as cty objects iterate', () => {
    expect(Object.keys(call('jsondecode', '{"b":1,"a":2}') as object)).toEqual(['a', 'b']);
  });

  const errors: ErrorCase[] = [
    ['base64decode', ['SGVsbG8'], "failed to decode base64 data 'SGVsbG8'"],
    ['base64decode', ['/w=='], 'the result of decoding the the provided string is not valid UTF-8'],
    // Go's json.Decoder, token by token as cty's ImpliedType reads: cut short between tokens is EOF.
    ['jsondecode', ['{'], 'EOF'],
    ['jsondecode', [''], 'EOF'],
    ['jsondecode', ['[1,'], 'EOF'],
    ['jsondecode', ['nul'], 'unexpected EOF'],
    ['jsondecode', ['"abc'], 'unexpected EOF'],
    ['jsondecode', ['{"a":1}x'], 'extraneous data after JSON object'],
    ['jsondecode', ['01'], 'extraneous data after JSON object'],
    ['jsondecode', ['[1 2]'], "invalid character '2' after array element"],
    ['jsondecode', ['{"a" 1}'], "invalid character '1' after object key"],
    ['jsondecode', ['{"a":1 "b":2}'], `invalid character '"' after object key:value pair`],
    ['jsondecode', ['{"a":1,}'], "invalid character '}' looking for beginning of object key string"],
    ['jsondecode', ['{a:1}'], "invalid character 'a'"],
    ['jsondecode', ['1.x'], "invalid character 'x' after decimal point in numeric literal"],
    ['jsondecode', ['trux'], "invalid character 'x' in literal true (expecting 'e')"],
    ['jsondecode', ['"a\\x"'], "invalid character 'x' in string escape code"],
    ['jsondecode', ['[é]'], "invalid character 'Ã' looking for beginning of value"],
    // A property repeated with another type (cty 1.13+; the same type is tolerated).
    ['jsondecode', ['{"k":1,"k":"x"}'], 'duplicate "k" property in JSON object'],
    ['jsondecode', ['[{"x":{"y":1,"z":[{"q":"a\\"b"}],"y":[2]}}]'], 'duplicate "y" property in JSON object'],
    ['jsondecode', ['x'], "invalid character 'x' looking for beginning of value"],
  ];
  it.each(errors)('%s(%j) fails with %s', (name, args, message) => {
    expect(() => call(name, ...args)).toThrow(message);
  });

  // JSON has no infinities: cty's marshaller refuses them, and %#v reports it as its verb's failure.
  // jsondecode's failures come from cty's type inference: the call's, not the argument's.
  it.each([
    [
      'jsondecode("{\\"k\\":1,\\"k\\":\\"x\\"}")',
      't.hcl:1,1-12: Error in function call; Call to function "jsondecode" failed: duplicate "k" property in JSON object.',
    ],
    ['jsonencode([divide(1, 0)])', 't.hcl:1,1-12: Error in function call; Call to function "jsonencode" failed: cannot serialize infinity as JSON.'],
    [
      'format("%#v", {a = divide(-1, 0)})',
      't.hcl:1,1-8: Error in function call; Call to function "format" failed: unsupported value for "%#v" at 0: cannot serialize infinity as JSON.',
    ],
  ])('%s fails as buildx reports it', (text, message) => {
    expect(evError(text, {}, stdlib)).toBe(message);
  });
});
