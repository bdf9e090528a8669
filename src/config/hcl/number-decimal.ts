// Decimal digit strings as Go's math/big formats them: exact expansions of binary values,
// rounding to n digits (half-way to even), the shortest digits that read back at a precision,
// and plain notation without an exponent.

export function bitLength(n: bigint): number {
  return n === 0n ? 0 : n.toString(2).length;
}

/** A decimal 0.d₁d₂… × 10^exp with no leading or trailing zero digits ("" is zero). */
export interface DecimalDigits {
  digits: string;
  exp: number;
}

/** The exact decimal expansion of mant × 2^exp (mant > 0). */
export function exactDecimal(mant: bigint, exp: number): DecimalDigits {
  let digits: string;
  let point: number;
  if (exp >= 0) {
    digits = (mant << BigInt(exp)).toString();
    point = digits.length;
  } else {
    digits = (mant * 5n ** BigInt(-exp)).toString();
    point = digits.length + exp;
  }
  const trimmed = digits.replace(/0+$/, '');
  return { digits: trimmed, exp: point };
}

/** Go's decimal rounding of `d` to `n` digits: half-way cases go to the even digit. */
export function roundDecimal(d: DecimalDigits, n: number): DecimalDigits {
  if (n < 0 || n >= d.digits.length) return d;
  const next = d.digits[n]!;
  const up = next === '5' && n + 1 === d.digits.length ? n > 0 && Number(d.digits[n - 1]) % 2 === 1 : next >= '5';
  return up ? roundUp(d, n) : roundDown(d, n);
}

function roundDown(d: DecimalDigits, n: number): DecimalDigits {
  if (n < 0 || n >= d.digits.length) return d;
  const digits = d.digits.slice(0, n).replace(/0+$/, '');
  return digits === '' ? { digits: '', exp: 0 } : { digits, exp: d.exp };
}

function roundUp(d: DecimalDigits, n: number): DecimalDigits {
  if (n < 0 || n >= d.digits.length) return d;
  let i = n;
  while (i > 0 && d.digits[i - 1] === '9') i--;
  if (i === 0) return { digits: '1', exp: d.exp + 1 };
  return { digits: d.digits.slice(0, i - 1) + String(Number(d.digits[i - 1]) + 1), exp: d.exp };
}

/** The digit at position i, '0' past the end. */
function digitAt(d: DecimalDigits, i: number): string {
  return d.digits[i] ?? '0';
}

/**
 * The shortest decimal that rounds back to mant × 2^exp2 at `prec` bits, digit by digit against the
 * half-ulp bounds as big.Float's Text does it (bounds count only when the mantissa is even).
 */
export function shortestDecimal(mant: bigint, exp2: number, prec: number): DecimalDigits {
  const d = exactDecimal(mant, exp2);
  const shift = prec + 1 - bitLength(mant);
  const scaled = mant << BigInt(shift);
  const exp = exp2 - shift;
  const lower = exactDecimal(scaled - 1n, exp);
  const upper = exactDecimal(scaled + 1n, exp);
  const inclusive = (scaled & 2n) === 0n;
  for (let i = 0; i < d.digits.length; i++) {
    const m = d.digits[i]!;
    const l = digitAt(lower, i);
    const u = digitAt(upper, i);
    const okDown = l !== m || (inclusive && i + 1 === lower.digits.length);
    const okUp = m !== u && (inclusive || Number(m) + 1 < Number(u) || i + 1 < upper.digits.length);
    if (okDown && okUp) return roundDecimal(d, i + 1);
    if (okDown) return roundDown(d, i + 1);
    if (okUp) return roundUp(d, i + 1);
  }
  return d;
}

/** Digits written in plain notation with `prec` fraction digits (zero-padded). */
export function plainDecimal(d: DecimalDigits, prec: number): string {
  const int = d.exp > 0 ? d.digits.slice(0, d.exp).padEnd(d.exp, '0') : '0';
  if (prec <= 0) return int;
  let frac = '';
  for (let i = 0; i < prec; i++) frac += digitAt(d, d.exp + i);
  return `${int}.${frac}`;
}

/** Digits in plain notation with exactly the fraction digits they have ("0.5", "150"). */
export function fixedText(d: DecimalDigits): string {
  return plainDecimal(d, Math.max(d.digits.length - d.exp, 0));
}
