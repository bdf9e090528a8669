// Go fmt's number verbs as `format` uses them (cty hands numbers to Go's fmt as big.Floats):
// integer bases with precision as minimum digits, %e/%f/%g on the number's exact decimal
// expansion (rounded half to even, as big.Float rounds its digits) with Go's exponent style
// (e+06) and %g's switch to exponent form, and sign-aware zero padding.
import { fixedText, plainDecimal, roundDecimal, type DecimalDigits } from '../number-decimal.js';
import { BigNum, decimalDigits, shortestDigits, type Num } from '../number.js';
import { graphemes } from './define.js';

export interface NumberVerb {
  mode: string;
  zero: boolean;
  sharp: boolean;
  plus: boolean;
  minus: boolean;
  space: boolean;
  /** -1 when absent. */
  width: number;
  /** -1 when absent. */
  prec: number;
}

/** Pads to the verb's width in grapheme clusters (cty's rule for %s, %q and %v). */
export function padTo(verb: NumberVerb, s: string): string {
  const missing = verb.width - graphemes(s).length;
  if (missing <= 0) return s;
  const pad = (verb.zero ? '0' : ' ').repeat(missing);
  return verb.minus ? s + pad : pad + s;
}

function signOf(verb: NumberVerb, negative: boolean): string {
  if (negative) return '-';
  if (verb.plus) return '+';
  return verb.space ? ' ' : '';
}

/** Go pads numbers after the sign when the 0 flag is set (and not left-justified). */
function padNumber(verb: NumberVerb, sign: string, body: string, zeroAllowed: boolean): string {
  const missing = verb.width - sign.length - body.length;
  if (missing <= 0) return sign + body;
  if (verb.minus) return sign + body + ' '.repeat(missing);
  if (verb.zero && zeroAllowed) return sign + '0'.repeat(missing) + body;
  return ' '.repeat(missing) + sign + body;
}

const BASES: Record<string, number> = { b: 2, d: 10, o: 8, x: 16, X: 16 };
const PREFIXES: Record<string, string> = { b: '0b', o: '0', x: '0x', X: '0X' };

/**
 * cty hands integer verbs a *big.Int, whose Format differs from fmt's for machine ints: the `#`
 * prefix is always written (`%#o` of 8 is 0010 with precision 3), and a zero with precision 0
 * prints nothing at all, padding included.
 */
export function formatInteger(verb: NumberVerb, n: bigint): string {
  const negative = n < 0n;
  let digits = (negative ? -n : n).toString(BASES[verb.mode]!);
  if (verb.mode === 'X') digits = digits.toUpperCase();
  let zeros = 0;
  if (verb.prec >= 0) {
    if (digits.length < verb.prec) zeros = verb.prec - digits.length;
    else if (verb.prec === 0 && n === 0n) return '';
  }
  const sign = signOf(verb, negative);
  const prefix = verb.sharp ? (PREFIXES[verb.mode] ?? '') : '';
  const missing = verb.width - (sign.length + prefix.length + zeros + digits.length);
  let left = 0;
  let right = 0;
  if (missing > 0) {
    if (verb.minus) right = missing;
    else if (verb.zero && verb.prec < 0) zeros = missing;
    else left = missing;
  }
  return ' '.repeat(left) + sign + prefix + '0'.repeat(zeros) + digits + ' '.repeat(right);
}

export function formatFloat(verb: NumberVerb, n: Num): string {
  if (n instanceof BigNum && n.infinite) {
    // big.Float writes +Inf with its sign; fmt keeps it (or a space for the ' ' flag).
    const sign = n.neg ? '-' : verb.space ? ' ' : '+';
    return padNumber(verb, sign, 'Inf', false);
  }
  const negative = n instanceof BigNum ? n.neg : n < 0 || Object.is(n, -0);
  const lower = verb.mode.toLowerCase();
  let body: string;
  if (lower === 'e') body = exponentForm(decimalDigits(n), verb.prec < 0 ? 6 : verb.prec);
  else if (lower === 'f') body = fixedForm(decimalDigits(n), verb.prec < 0 ? 6 : verb.prec);
  else body = generalForm(n, verb.prec);
  if (verb.mode === 'E' || verb.mode === 'G') body = body.toUpperCase();
  return padNumber(verb, signOf(verb, negative), body, true);
}

/** Go writes at least two exponent digits: 1e+06, not 1e+6. */
function exponentText(exp: number): string {
  return `e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}

/** d.ddd…e±xx with exactly `prec` fraction digits. */
function exponentForm(exact: DecimalDigits, prec: number): string {
  const d = roundDecimal(exact, prec + 1);
  const digits = d.digits.padEnd(prec + 1, '0');
  const frac = prec > 0 ? `.${digits.slice(1)}` : '';
  return `${digits[0]}${frac}${exponentText(d.digits === '' ? 0 : d.exp - 1)}`;
}

/** Plain decimal with exactly `prec` fraction digits. */
function fixedForm(exact: DecimalDigits, prec: number): string {
  return plainDecimal(roundDecimal(exact, exact.exp + prec), prec);
}

/** %g: shortest (or `prec` significant) digits; exponent form when exp < -4 or exp >= limit. */
function generalForm(n: Num, prec: number): string {
  const sig = prec === 0 ? 1 : prec;
  const d = sig < 0 ? shortestDigits(n) : roundDecimal(decimalDigits(n), sig);
  if (d.digits === '') return '0';
  const nd = d.digits.length;
  let limit = sig < 0 ? 6 : sig;
  if (sig >= 0 && limit > nd && nd >= d.exp) limit = nd;
  const exp = d.exp - 1;
  if (exp < -4 || exp >= limit) {
    const frac = nd > 1 ? `.${d.digits.slice(1)}` : '';
    return `${d.digits[0]}${frac}${exponentText(exp)}`;
  }
  return fixedText(d);
}
