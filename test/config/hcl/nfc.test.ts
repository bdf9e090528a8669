// Strings in NFC as cty holds them: "e" + U+0301 (combining acute) is one precomposed "é".
import { describe, expect, it } from 'vitest';
import { nfc, nfcValue } from '../../../src/config/hcl/nfc.js';
import { isMap, makeMap, markSequence, sequenceMark } from '../../../src/config/hcl/value.js';
import { attrsOf, bake } from '../evaluate/helpers.js';
import { stdlib } from '../../../src/config/hcl/functions/index.js';
import { ev } from './eval-helpers.js';

const decomposed = 'cafe\u0301';
const composed = 'caf\u00e9';

describe('NFC normalisation', () => {
  it('composes what NFC composes and leaves plain text as it is', () => {
    expect(nfc(decomposed)).toBe(composed);
    expect(nfc('\u212b')).toBe('\u00c5'); // Angstrom sign, a singleton
    expect(nfc('plain ascii')).toBe('plain ascii');
  });

  it('fixes nested values in place, keeping list/set and map marks', () => {
    const list = markSequence([decomposed], 'list');
    const map = makeMap([[decomposed, decomposed], ['b', 'x']]);
    const fixedList = nfcValue(list) as string[];
    expect(fixedList).toBe(list);
    expect(fixedList).toEqual([composed]);
    expect(sequenceMark(fixedList)?.kind).toBe('list');
    const fixedMap = nfcValue(map);
    expect(isMap(fixedMap)).toBe(true);
    expect(Object.keys(fixedMap as object)).toEqual(['b', composed]);
  });

  it('applies to templates, object keys, function results and for expressions', () => {
    expect(ev('"cafe\\u0301"')).toBe(composed);
    expect(ev('"${x}\\u0301"', { x: 'cafe' })).toBe(composed);
    expect(ev('{ "cafe\\u0301" = 1 }')).toEqual({ [composed]: 1 });
    expect(ev('join("", ["cafe", "\\u0301"])', {}, stdlib)).toBe(composed);
    expect(ev('replace("cafx", "x", "e\\u0301")', {}, stdlib)).toBe(composed);
    expect(ev('[for s in ["e"] : "${s}\\u0301"]')).toEqual(['\u00e9']);
  });

  it('applies to variable values from the environment, typed or not', () => {
    const files = {
      'a.hcl': 'variable "U" {}\nvariable "T" {\n  type = list(string)\n}\ntarget "app" {\n  tags = concat([U], T)\n}\n',
    };
    const config = bake(files, { env: { U: decomposed, T: `x,${decomposed}` } });
    expect(attrsOf(config, 'app').tags).toEqual([composed, 'x', composed]);
  });
});
