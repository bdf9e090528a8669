// Go's math.Pow, step for step. cty's pow hands float64s to Go's math package, whose algorithm
// (integer powers by repeated squaring of the frexp mantissa, the fraction through exp/log)
// rounds differently from V8's Math.pow: pow(7, 30) is 2.2539340290692256e+25 in Go and
// 2.253934029069226e+25 in V8. Following Go's steps makes the printed digits match buildx.

/** x as frac × 2^exp with frac in [0.5, 1) (Go's math.Frexp); zero and non-finite as they are. */
function frexp(x: number): [number, number] {
  if (x === 0 || !Number.isFinite(x)) return [x, 0];
  const view = new DataView(new ArrayBuffer(8));
  let adjust = 0;
  if (Math.abs(x) < 2 ** -1022) {
    x *= 2 ** 52;
    adjust = -52;
  }
  view.setFloat64(0, x);
  const high = view.getUint16(0);
  const exp = ((high >> 4) & 0x7ff) - 1022 + adjust;
  view.setUint16(0, (high & 0x800f) | (1022 << 4));
  return [view.getFloat64(0), exp];
}

/** frac × 2^exp with a single rounding, also where 2^exp alone is not a float64. */
function ldexp(frac: number, exp: number): number {
  if (exp > 1023) return frac * 2 ** 1023 * 2 ** (exp - 1023);
  if (exp < -1022) return frac * 2 ** (exp + 53) * 2 ** -53;
  return frac * 2 ** exp;
}

function isOddInt(y: number): boolean {
  return Number.isInteger(y) && Math.abs(y) < 2 ** 53 && Math.abs(y % 2) === 1;
}

/** Go's special cases, in Go's order; undefined when the general algorithm applies. */
function special(x: number, y: number): number | undefined {
  if (y === 0 || x === 1) return 1;
  if (y === 1) return x;
  if (Number.isNaN(x) || Number.isNaN(y)) return NaN;
  if (x === 0) {
    const negZero = Object.is(x, -0);
    if (y < 0) return negZero && isOddInt(y) ? -Infinity : Infinity;
    return negZero && isOddInt(y) ? x : 0;
  }
  if (!Number.isFinite(y)) {
    if (x === -1) return 1;
    return (Math.abs(x) < 1) === (y > 0) ? 0 : Infinity;
  }
  if (!Number.isFinite(x)) {
    if (x < 0) return goPow(1 / x, -y);
    return y < 0 ? 0 : Infinity;
  }
  if (y === 0.5) return Math.sqrt(x);
  if (y === -0.5) return 1 / Math.sqrt(x);
  return undefined;
}

export function goPow(x: number, y: number): number {
  const early = special(x, y);
  if (early !== undefined) return early;
  let yi = Math.trunc(Math.abs(y));
  let yf = Math.abs(y) - yi;
  if (yf !== 0 && x < 0) return NaN;
  if (yi >= 2 ** 63) {
    if (x === -1) return 1;
    return (Math.abs(x) < 1) === (y > 0) ? 0 : Infinity;
  }
  let a1 = 1;
  let ae = 0;
  if (yf !== 0) {
    if (yf > 0.5) {
      yf--;
      yi++;
    }
    a1 = Math.exp(yf * Math.log(x));
  }
  let [x1, xe] = frexp(x);
  for (let i = BigInt(yi); i !== 0n; i >>= 1n) {
    if (xe < -(1 << 12) || 1 << 12 < xe) {
      // Overflow either way: ldexp saturates.
      ae += xe;
      break;
    }
    if ((i & 1n) === 1n) {
      a1 *= x1;
      ae += xe;
    }
    x1 *= x1;
    xe <<= 1;
    if (x1 < 0.5) {
      x1 += x1;
      xe--;
    }
  }
  if (y < 0) {
    a1 = 1 / a1;
    ae = -ae;
  }
  return ldexp(a1, ae);
}
