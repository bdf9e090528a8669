// HCL numbers as cty holds them: Go big.Float values. A number literal is parsed at 512 bits of
// mantissa, arithmetic rounds to the larger precision of its operands (ties to even), float64
// functions (pow, log, env values) give 53-bit values, and a number prints as the shortest
// decimal that reads back to the same value at its own precision — so `1 / 3` prints 155 digits
// and `0.1 + 0.2` prints "0.3", as in buildx.
//
// Safe integers (the common case: counts, ports, indexes) and short binary fractions (0.5,
// 2.25: a float64 whose exact decimal has at most 15 digits, so it prints the same at any
// precision) at literal precision stay plain JavaScript numbers; a BigNum holds everything else:
// 0.1, 1/3, integers beyond 2^53, the two infinities, and values of a lower precision (cty's
// Go-int numbers from length() and the like, float64 ones), whose quotients round differently.

import { bitLength, exactDecimal, fixedText, shortestDecimal, type DecimalDigits } from './number-decimal.js';

/** The precision of number literals and of numbers parsed from strings. */
export const LITERAL_PRECISION = 512;
const FLOAT64_PRECISION = 53;

/** A binary floating-point number: (-1)^neg × mant × 2^exp, mant odd, rounded to prec bits. */
export class BigNum {
  constructor(
    readonly neg: boolean,
    /** Odd for finite values; 0n for the infinities. */
    readonly mant: bigint,
    readonly exp: number,
    readonly prec: number,
    readonly infinite = false,
  ) {}

  /** JSON.stringify of plain values (listings, debug output) gets the nearest float64. */
  toJSON(): number | string {
    return this.infinite ? formatNumber(this) : toFloat64(this);
  }
}

export type Num = number | BigNum;

export function isNum(v: unknown): v is Num {
  return typeof v === 'number' || v instanceof BigNum;
}

/** Thrown for operations cty cannot answer (0/0, ∞-∞); the message is cty's. */
export class NumberError extends Error {}

const POS_INF = new BigNum(false, 0n, 0, 0, true);
const NEG_INF = new BigNum(true, 0n, 0, 0, true);

/** Trailing zero bits of a positive bigint. */
function trailingZeros(n: bigint): number {
  let count = 0;
  while ((n & 0xffffffffn) === 0n) {
    n >>= 32n;
    count += 32;
  }
  while ((n & 1n) === 0n) {
    n >>= 1n;
    count++;
  }
  return count;
}

/**
 * The value (-1)^neg × mant × 2^exp rounded to `prec` bits, ties to even. `sticky` says the
 * true value lies a little above mant (bits below it were cut off by a division); the caller
 * then provides at least two bits beyond `prec`.
 */
function make(neg: boolean, mant: bigint, exp: number, prec: number, sticky = false): Num {
  if (mant === 0n) return neg ? -0 : 0;
  const len = bitLength(mant);
  if (len > prec) {
    const shift = BigInt(len - prec);
    let kept = mant >> shift;
    const rest = mant & ((1n << shift) - 1n);
    const half = 1n << (shift - 1n);
    if (rest > half || (rest === half && (sticky || (kept & 1n) === 1n))) kept += 1n;
    mant = kept;
    exp += len - prec;
  }
  const zeros = trailingZeros(mant);
  mant >>= BigInt(zeros);
  exp += zeros;
  // Plain numbers stand for literal-precision values; a result at a lower precision (of Go
  // integers or float64s) keeps it, for the operations that follow.
  const plain = prec === LITERAL_PRECISION ? plainNumber(mant, exp) : undefined;
  if (plain !== undefined) return neg ? -plain : plain;
  return new BigNum(neg, mant, exp, prec);
}

/** mant × 2^exp (mant odd) as a JavaScript number when it is a safe integer or a short fraction. */
function plainNumber(mant: bigint, exp: number): number | undefined {
  const bits = bitLength(mant);
  if (exp >= 0) return exp + bits <= 53 ? Number(mant << BigInt(exp)) : undefined;
  if (bits > 53 || exp < -50) return undefined;
  // The exact decimal of mant / 2^k has the digits of mant × 5^k.
  if ((mant * 5n ** BigInt(-exp)).toString().length > 15) return undefined;
  return Number(mant) * 2 ** exp;
}

/** The parts of a finite number; plain integers count as literal-precision values. */
interface Parts {
  neg: boolean;
  mant: bigint;
  exp: number;
  prec: number;
}

function parts(n: Num): Parts {
  if (n instanceof BigNum) return n;
  const neg = n < 0 || Object.is(n, -0);
  if (Number.isInteger(n)) return { neg, mant: BigInt(Math.abs(n)), exp: 0, prec: LITERAL_PRECISION };
  // Any other float64 stands for the literal it prints as (a short fraction is exactly that).
  const literal = parseNumber(plainText(n))!;
  return typeof literal === 'number' ? exactParts(literal) : literal;
}

/** The exact binary parts of a finite float64, at literal precision. */
function exactParts(x: number): Parts {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  return {
    neg: x < 0 || Object.is(x, -0),
    mant: biased === 0 ? fraction : fraction | (1n << 52n),
    exp: (biased === 0 ? 1 : biased) - 1075,
    prec: LITERAL_PRECISION,
  };
}

/** A float64's shortest decimal without exponent form (String gives 1e-7). */
function plainText(x: number): string {
  return (x < 0 ? '-' : '') + fixedText(shortestDigits(x));
}

function isSafeInt(n: Num): n is number {
  return Number.isSafeInteger(n);
}

function isZero(n: Num): boolean {
  return n === 0;
}

function isInf(n: Num): n is BigNum {
  return n instanceof BigNum && n.infinite;
}

function isNeg(n: Num): boolean {
  return n instanceof BigNum ? n.neg : n < 0 || Object.is(n, -0);
}

function infinity(neg: boolean): BigNum {
  return neg ? NEG_INF : POS_INF;
}

// --- construction --------------------------------------------------------------------------

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/**
 * A decimal string (`12`, `-0.5`, `1e-3`) as big.Float parses it at `prec` bits, correctly
 * rounded; undefined when the text is not a decimal number.
 */
export function parseNumber(text: string, prec = LITERAL_PRECISION): Num | undefined {
  const m = DECIMAL.exec(text);
  if (!m) return undefined;
  const [, sign, int = '', frac = '', expText] = m;
  if (int === '' && frac === '') return undefined;
  const neg = sign === '-';
  const digits = BigInt(int + frac || '0');
  const exp10 = Number(expText ?? 0) - frac.length;
  if (digits === 0n) return neg ? -0 : 0;
  if (exp10 >= 0) return make(neg, digits * 10n ** BigInt(exp10), 0, prec);
  // digits / 10^k = digits / 5^k × 2^-k: divide with enough quotient bits for exact rounding.
  const den = 5n ** BigInt(-exp10);
  return quotient(neg, digits, den, exp10, prec);
}

/** (-1)^neg × num/den × 2^exp rounded to prec bits. */
function quotient(neg: boolean, num: bigint, den: bigint, exp: number, prec: number): Num {
  const shift = Math.max(0, prec + 2 + bitLength(den) - bitLength(num));
  const scaled = num << BigInt(shift);
  const q = scaled / den;
  return make(neg, q, exp - shift, prec, q * den !== scaled);
}

/** A float64 as a 53-bit big.Float (what cty.NumberFloatVal makes). */
export function fromFloat64(x: number): Num {
  if (Number.isNaN(x)) throw new NumberError('NaN is not a number');
  if (x === Infinity || x === -Infinity) return infinity(x < 0);
  if (x === 0) return x;
  const { neg, mant, exp } = exactParts(x);
  return make(neg, mant, exp, FLOAT64_PRECISION);
}

/**
 * A whole number as cty makes one from a Go integer (NumberIntVal, big.Float.SetInt): with at
 * least 64 bits of precision. Unlike a literal it stays a BigNum, so that the quotient of two
 * of them (`length(a) / length(b)`) is rounded at 64 bits as cty rounds it.
 */
export function fromBigInt(n: bigint): Num {
  if (n === 0n) return 0;
  const neg = n < 0n;
  const abs = neg ? -n : n;
  const zeros = trailingZeros(abs);
  return new BigNum(neg, abs >> BigInt(zeros), zeros, Math.max(64, bitLength(abs)));
}

/**
 * The integer `n` at the precision of `like` (big.Float.SetInt into a copy of it, as cty's floor
 * and ceil make their results).
 */
export function integerLike(n: bigint, like: Num): Num {
  const neg = n < 0n;
  return make(neg, neg ? -n : n, 0, like instanceof BigNum ? like.prec : LITERAL_PRECISION);
}

// --- conversion out ------------------------------------------------------------------------

/** The nearest float64 (big.Float.Float64, ties to even). */
export function toFloat64(n: Num): number {
  if (typeof n === 'number') return n;
  if (n.infinite) return n.neg ? -Infinity : Infinity;
  const rounded = make(n.neg, n.mant, n.exp, FLOAT64_PRECISION);
  if (typeof rounded === 'number') return rounded;
  const value = Number(rounded.mant) * 2 ** rounded.exp;
  // 2 ** exp underflows to 0 below 2^-1074 while the product may not; scale in two steps.
  const safe = Number.isFinite(value) && value !== 0 ? value : Number(rounded.mant) * 2 ** (rounded.exp + 600) * 2 ** -600;
  return rounded.neg ? -safe : safe;
}

export function isInteger(n: Num): boolean {
  return typeof n === 'number' ? Number.isInteger(n) : !n.infinite && n.exp >= 0;
}

/** The integer part, truncated toward zero (big.Float.Int); infinities have none. */
export function truncToBigInt(n: Num): bigint {
  if (typeof n === 'number') return BigInt(Math.trunc(n));
  if (n.infinite) throw new NumberError('an infinite number has no integer part');
  const abs = n.exp >= 0 ? n.mant << BigInt(n.exp) : n.mant >> BigInt(-n.exp);
  return n.neg ? -abs : abs;
}

// --- arithmetic ----------------------------------------------------------------------------

export function negate(n: Num): Num {
  if (typeof n === 'number') return -n;
  return n.infinite ? infinity(!n.neg) : new BigNum(!n.neg, n.mant, n.exp, n.prec);
}

export function absolute(n: Num): Num {
  return isNeg(n) ? negate(n) : n;
}

export function add(a: Num, b: Num): Num {
  if (isSafeInt(a) && isSafeInt(b)) {
    const sum = a + b;
    if (Number.isSafeInteger(sum) || sum === 0) return sum;
  }
  if (isInf(a) || isInf(b)) {
    if (isInf(a) && isInf(b) && a.neg !== b.neg) throw new NumberError("can't compute sum of opposing infinities");
    return isInf(a) ? a : b;
  }
  if (isZero(a) && isZero(b)) return isNeg(a) && isNeg(b) ? -0 : 0;
  const x = parts(a);
  const y = parts(b);
  return sum(x, y, Math.max(x.prec, y.prec));
}

/** x + y rounded to prec bits; +0 when they cancel, as big.Float rounds to nearest. */
function sum(x: Parts, y: Parts, prec: number): Num {
  if (y.mant === 0n) return make(x.neg, x.mant, x.exp, prec);
  const exp = Math.min(x.exp, y.exp);
  const sx = (x.neg ? -x.mant : x.mant) << BigInt(x.exp - exp);
  const sy = (y.neg ? -y.mant : y.mant) << BigInt(y.exp - exp);
  const total = sx + sy;
  return make(total < 0n, total < 0n ? -total : total, exp, prec);
}

export function subtract(a: Num, b: Num): Num {
  if (isInf(a) && isInf(b) && a.neg === b.neg) throw new NumberError("can't subtract infinity from itself");
  return add(a, negate(b));
}

export function multiply(a: Num, b: Num): Num {
  if (isSafeInt(a) && isSafeInt(b)) {
    const product = a * b;
    if (Number.isSafeInteger(product) || product === 0) return product;
  }
  const neg = isNeg(a) !== isNeg(b);
  if (isInf(a) || isInf(b)) {
    if (isZero(a) || isZero(b)) throw new NumberError("can't multiply zero by infinity");
    return infinity(neg);
  }
  if (isZero(a) || isZero(b)) return neg ? -0 : 0;
  const x = parts(a);
  const y = parts(b);
  // cty multiplies at 512 bits, then keeps the larger operand precision, or the product's own
  // bit length when that is larger still.
  const product = parts(make(neg, x.mant * y.mant, x.exp + y.exp, LITERAL_PRECISION));
  const prec = Math.max(x.prec, y.prec, bitLength(product.mant));
  return make(product.neg, product.mant, product.exp, prec);
}

export function divide(a: Num, b: Num): Num {
  if ((isZero(a) && isZero(b)) || (isInf(a) && isInf(b))) {
    throw new NumberError("can't divide zero by zero or infinity by infinity");
  }
  const neg = isNeg(a) !== isNeg(b);
  if (isInf(a) || isZero(b)) return infinity(neg);
  if (isZero(a) || isInf(b)) return neg ? -0 : 0;
  const x = parts(a);
  const y = parts(b);
  return quotient(neg, x.mant, y.mant, x.exp - y.exp, Math.max(x.prec, y.prec));
}

/**
 * cty's modulo: a − trunc(a/b)·b, each step rounded to a's precision (the sign is a's); a % 0
 * is a; an infinite operand makes the product of the two.
 */
export function modulo(a: Num, b: Num): Num {
  if (isInf(a) || isInf(b)) {
    if (isZero(a) || isZero(b)) throw new NumberError("can't use modulo with zero and infinity");
    return multiply(a, b);
  }
  if (isZero(b)) return a;
  if (isSafeInt(a) && isSafeInt(b)) {
    const rest = a % b;
    return rest === 0 && !Object.is(a, -0) ? 0 : rest;
  }
  const x = parts(a);
  const y = parts(b);
  const whole = truncToBigInt(divide(a, b));
  const wholeNum = make(whole < 0n, whole < 0n ? -whole : whole, 0, x.prec);
  const w = parts(wholeNum);
  const product = make(y.neg !== w.neg, y.mant * w.mant, y.exp + w.exp, x.prec);
  return sum(x, parts(negate(product)), x.prec);
}

/** -1, 0 or 1 as big.Float.Cmp orders them (−0 equals +0). */
export function compare(a: Num, b: Num): number {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  if (isInf(a) || isInf(b)) {
    const rank = (n: Num): number => (isInf(n) ? (n.neg ? -1 : 1) : 0);
    if (rank(a) !== rank(b)) return rank(a) < rank(b) ? -1 : 1;
    return 0;
  }
  const diff = subtract(a, b);
  if (isZero(diff)) return 0;
  return isNeg(diff) ? -1 : 1;
}

/**
 * cty's number equality: integers compare exactly; other numbers are equal when they print
 * alike (so 0.1 parsed at 53 and at 512 bits are the same number).
 */
export function numbersEqual(a: Num, b: Num): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a === b;
  if (isInteger(a) !== isInteger(b)) return false;
  if (isInteger(a)) return compare(a, b) === 0;
  return formatNumber(a) === formatNumber(b);
}

// --- printing ------------------------------------------------------------------------------

/** The exact decimal value of a finite number's magnitude. */
export function decimalDigits(n: Num): DecimalDigits {
  if (n === 0) return { digits: '', exp: 0 };
  if (n instanceof BigNum && n.infinite) throw new NumberError('an infinite number has no digits');
  const { mant, exp } = parts(n);
  return exactDecimal(mant, exp);
}

/** The shortest decimal digits of a finite number's magnitude at its precision. */
export function shortestDigits(n: Num): DecimalDigits {
  if (n === 0) return { digits: '', exp: 0 };
  if (typeof n !== 'number') return shortestDecimal(n.mant, n.exp, n.prec);
  const [mantissa, expText] = Math.abs(n).toExponential().split('e') as [string, string];
  return { digits: mantissa.replace('.', '').replace(/0+$/, ''), exp: Number(expText) + 1 };
}

/** A number as cty writes it (big.Float Text 'f' -1): "3", "-0", "0.5", "+Inf". */
export function formatNumber(n: Num): string {
  if (typeof n === 'number') {
    if (Number.isSafeInteger(n)) return Object.is(n, -0) ? '-0' : String(n);
    return plainText(n);
  }
  if (n.infinite) return n.neg ? '-Inf' : '+Inf';
  return (n.neg ? '-' : '') + fixedText(shortestDecimal(n.mant, n.exp, n.prec));
}
