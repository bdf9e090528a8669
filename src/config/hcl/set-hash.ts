// cty orders set elements that are not strings, numbers or bools (tuples, lists, objects, maps)
// by the bytes of their hash text (set_internals.go appendSetHashBytes): numbers as big.Float's
// String (%.10g), strings Go-quoted, `[a;b;]` for sequences, `<a;b;>` for objects by attribute
// name, `{"k":v;}` for maps, `~` for null.
import { goQuote } from '../../strconv.js';
import { roundDecimal, type DecimalDigits } from './number-decimal.js';
import { BigNum, decimalDigits, type Num } from './number.js';
import { isMap, type Value } from './value.js';

const byBytes = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));

/** Orders two elements of one set whose type has no natural order, as cty does. */
export function compareByHash(a: Value, b: Value): number {
  return byBytes(hashText(a), hashText(b));
}

function hashText(v: Value): string {
  if (v === null) return '~';
  if (typeof v === 'boolean') return v ? 'T' : 'F';
  if (typeof v === 'string') return goQuote(v);
  if (typeof v === 'number' || v instanceof BigNum) return general10(v);
  if (Array.isArray(v)) return `[${v.map((x) => `${hashText(x)};`).join('')}]`;
  const keys = Object.keys(v).sort(byBytes);
  if (isMap(v)) return `{${keys.map((k) => `${goQuote(k)}:${hashText(v[k]!)};`).join('')}}`;
  return `<${keys.map((k) => `${hashText(v[k]!)};`).join('')}>`;
}

/** big.Float's Text('g', 10). */
function general10(n: Num): string {
  if (n instanceof BigNum && n.infinite) return n.neg ? '-Inf' : '+Inf';
  if (n === 0) return '0';
  const negative = n instanceof BigNum ? n.neg : n < 0;
  const d = roundDecimal(decimalDigits(n), 10);
  const sign = negative ? '-' : '';
  let eprec = 10;
  if (eprec > d.digits.length && d.digits.length >= d.exp) eprec = d.digits.length;
  const exp = d.exp - 1;
  if (exp < -4 || exp >= eprec) return sign + exponentText(d, Math.min(10, d.digits.length) - 1);
  const prec = 10 > d.exp ? d.digits.length : 10;
  return sign + fixedText(d, Math.max(prec - d.exp, 0));
}

function digitAt(d: DecimalDigits, i: number): string {
  return i >= 0 ? (d.digits[i] ?? '0') : '0';
}

function exponentText(d: DecimalDigits, frac: number): string {
  let out = digitAt(d, 0);
  if (frac > 0) out += '.' + Array.from({ length: frac }, (_, i) => digitAt(d, i + 1)).join('');
  const exp = d.exp - 1;
  return `${out}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}

function fixedText(d: DecimalDigits, frac: number): string {
  let out = d.exp > 0 ? Array.from({ length: d.exp }, (_, i) => digitAt(d, i)).join('') : '0';
  if (frac > 0) out += '.' + Array.from({ length: frac }, (_, i) => digitAt(d, d.exp + i)).join('');
  return out;
}
