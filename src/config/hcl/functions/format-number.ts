// Go fmt's number verbs as `format` uses them (cty hands numbers to Go's fmt): integer bases with
// precision as minimum digits, %e/%f/%g with Go's exponent style (e+06) and %g's switch to
// exponent form, and sign-aware zero padding.
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

export function formatInteger(verb: NumberVerb, n: bigint): string {
  const negative = n < 0n;
  let digits = (negative ? -n : n).toString(BASES[verb.mode]!);
  if (verb.mode === 'X') digits = digits.toUpperCase();
  if (verb.prec >= 0) digits = verb.prec === 0 && n === 0n ? '' : digits.padStart(verb.prec, '0');
  const prefix = verb.sharp ? (PREFIXES[verb.mode] ?? '') : '';
  const body = prefix === '0' && digits.startsWith('0') ? digits : prefix + digits;
  return padNumber(verb, signOf(verb, negative), body, verb.prec < 0);
}

export function formatFloat(verb: NumberVerb, n: number): string {
  const negative = n < 0 || Object.is(n, -0);
  const abs = Math.abs(n);
  if (!Number.isFinite(abs)) return padNumber(verb, signOf(verb, negative), Number.isNaN(n) ? 'NaN' : 'Inf', false);
  const lower = verb.mode.toLowerCase();
  let body: string;
  if (lower === 'e') body = exponentForm(abs, verb.prec < 0 ? 6 : verb.prec);
  else if (lower === 'f') body = fixedForm(abs, verb.prec < 0 ? 6 : verb.prec);
  else body = generalForm(abs, verb.prec);
  if (verb.mode === 'E' || verb.mode === 'G') body = body.toUpperCase();
  return padNumber(verb, signOf(verb, negative), body, true);
}

/** Go writes at least two exponent digits: 1e+06, not 1e+6. */
function goExponent(s: string): string {
  return s.replace(/e([+-])(\d)$/, 'e$10$2');
}

function exponentForm(abs: number, prec: number): string {
  return goExponent(abs.toExponential(prec));
}

function fixedForm(abs: number, prec: number): string {
  if (abs < 1e21) return abs.toFixed(prec);
  const int = BigInt(abs).toString();
  return prec > 0 ? `${int}.${'0'.repeat(prec)}` : int;
}

/** %g: shortest (or `prec` significant) digits; exponent form when exp < -4 or exp >= limit. */
function generalForm(abs: number, prec: number): string {
  const sig = prec === 0 ? 1 : prec;
  const expo = sig < 0 ? abs.toExponential() : abs.toExponential(sig - 1);
  const [mantissa, expText] = expo.split('e') as [string, string];
  const digits = mantissa.replace('.', '').replace(/(?<=.)0+$/, '');
  const exp = Number(expText);
  const nd = digits.length;
  const dp = exp + 1;
  let limit = sig < 0 ? 6 : sig;
  if (sig >= 0 && limit > nd && nd >= dp) limit = nd;
  if (exp < -4 || exp >= limit) {
    const frac = nd > 1 ? `.${digits.slice(1)}` : '';
    return goExponent(`${digits[0]}${frac}e${exp < 0 ? '-' : '+'}${Math.abs(exp)}`);
  }
  if (dp <= 0) return `0.${'0'.repeat(-dp)}${digits}`;
  if (dp >= nd) return digits + '0'.repeat(dp - nd);
  return `${digits.slice(0, dp)}.${digits.slice(dp)}`;
}
