// cty holds every string in Unicode NFC: string values, object attribute names and map keys are
// normalised when made (cty.StringVal, ObjectVal, MapVal), so `"cafe\u0301"` is "café" with a
// precomposed é in buildx's output. Strings are normalised where cty would make them: template
// results, object keys, function results and variable values given as text.
import { isObject, type Value, type ValueObject } from './value.js';

// Nothing below U+0300 composes or decomposes: plain text skips the normaliser.
const MAY_CHANGE = /[\u0300-\uffff]/;

export function nfc(s: string): string {
  return MAY_CHANGE.test(s) ? s.normalize('NFC') : s;
}

/**
 * `v` with every string, attribute name and map key in NFC. Only what changes is written: arrays
 * and objects are fixed in place (their list/set/map marks stay), and an object whose keys change
 * is rebuilt in key order with its marks.
 */
export function nfcValue(v: Value): Value {
  if (typeof v === 'string') return nfc(v);
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const item = nfcValue(v[i]!);
      if (item !== v[i]) v[i] = item;
    }
    return v;
  }
  if (!isObject(v)) return v;
  const keys = Object.keys(v);
  if (!keys.some((k) => MAY_CHANGE.test(k))) {
    for (const k of keys) {
      const item = nfcValue(v[k]!);
      if (item !== v[k]) v[k] = item;
    }
    return v;
  }
  const out = Object.create(null) as ValueObject;
  for (const k of keys.map((key) => [nfc(key), key] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    out[k[0]] = nfcValue(v[k[1]]!);
  }
  for (const mark of Object.getOwnPropertySymbols(v)) {
    Object.defineProperty(out, mark, Object.getOwnPropertyDescriptor(v, mark)!);
  }
  return out;
}
