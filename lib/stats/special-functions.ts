/**
 * The special functions the tests' distributions are built on, written out so p-values keep full double precision
 * in the tails (a table-based normal CDF would round p = 1e-9 to 0). Checked against scipy in the unit tests.
 */

const LANCZOS_G = 7;
const LANCZOS_COEFFICIENTS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);
const CONVERGENCE_EPSILON = 1e-15;
const MAX_ITERATIONS = 10_000;
/** Keeps the Lentz continued-fraction evaluation away from division by zero. */
const TINY = 1e-300;

/** ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9; relative error ≈ 1e-15). */
export function logGamma(x: number): number {
  if (!(x > 0)) throw new RangeError(`logGamma needs x > 0, got ${x}`);
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const shifted = x - 1;
  let series = LANCZOS_COEFFICIENTS[0];
  for (let index = 1; index < LANCZOS_COEFFICIENTS.length; index += 1) series += LANCZOS_COEFFICIENTS[index] / (shifted + index);
  const t = shifted + LANCZOS_G + 0.5;
  return HALF_LOG_TWO_PI + (shifted + 0.5) * Math.log(t) - t + Math.log(series);
}

/** Q(a, x) = Γ(a, x) / Γ(a), the regularized upper incomplete gamma function, for a > 0, x ≥ 0. */
export function regularizedGammaUpper(a: number, x: number): number {
  if (!(a > 0) || !(x >= 0)) throw new RangeError(`regularizedGammaUpper needs a > 0 and x ≥ 0, got a=${a}, x=${x}`);
  if (x === 0) return 1;
  if (x === Number.POSITIVE_INFINITY) return 0;
  const logPrefactor = -x + a * Math.log(x) - logGamma(a);
  // The series converges fast below a + 1 and the continued fraction above it (Numerical Recipes §6.2).
  if (x < a + 1) return 1 - Math.exp(logPrefactor) * lowerGammaSeries(a, x);
  return Math.exp(logPrefactor) * upperGammaContinuedFraction(a, x);
}

function lowerGammaSeries(a: number, x: number): number {
  let term = 1 / a;
  let sum = term;
  for (let n = 1; n < MAX_ITERATIONS; n += 1) {
    term *= x / (a + n);
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * CONVERGENCE_EPSILON) return sum;
  }
  throw new Error(`lowerGammaSeries did not converge for a=${a}, x=${x}`);
}

function upperGammaContinuedFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let fraction = d;
  for (let i = 1; i < MAX_ITERATIONS; i += 1) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    fraction *= delta;
    if (Math.abs(delta - 1) < CONVERGENCE_EPSILON) return fraction;
  }
  throw new Error(`upperGammaContinuedFraction did not converge for a=${a}, x=${x}`);
}

/** erfc(x) = 1 − erf(x), accurate in relative terms far into the upper tail. */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x < 0) return 2 - erfc(-x);
  return regularizedGammaUpper(0.5, x * x);
}

/** I_x(a, b), the regularized incomplete beta function, for a, b > 0 and 0 ≤ x ≤ 1. */
export function regularizedBeta(x: number, a: number, b: number): number {
  if (!(a > 0) || !(b > 0) || !(x >= 0 && x <= 1)) {
    throw new RangeError(`regularizedBeta needs a, b > 0 and 0 ≤ x ≤ 1, got x=${x}, a=${a}, b=${b}`);
  }
  if (x === 0 || x === 1) return x;
  const logPrefactor = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x);
  // The continued fraction converges quickly only on this side of the mean; use the symmetry on the other.
  if (x < (a + 1) / (a + b + 2)) return (Math.exp(logPrefactor) * betaContinuedFraction(x, a, b)) / a;
  return 1 - (Math.exp(logPrefactor) * betaContinuedFraction(1 - x, b, a)) / b;
}

function betaContinuedFraction(x: number, a: number, b: number): number {
  const clampTiny = (value: number): number => (Math.abs(value) < TINY ? TINY : value);
  let c = 1;
  let d = 1 / clampTiny(1 - ((a + b) * x) / (a + 1));
  let fraction = d;
  for (let m = 1; m < MAX_ITERATIONS; m += 1) {
    const evenStep = (m * (b - m) * x) / ((a + 2 * m - 1) * (a + 2 * m));
    d = 1 / clampTiny(1 + evenStep * d);
    c = clampTiny(1 + evenStep / c);
    fraction *= d * c;
    const oddStep = (-(a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1));
    d = 1 / clampTiny(1 + oddStep * d);
    c = clampTiny(1 + oddStep / c);
    const delta = d * c;
    fraction *= delta;
    if (Math.abs(delta - 1) < CONVERGENCE_EPSILON) return fraction;
  }
  throw new Error(`betaContinuedFraction did not converge for x=${x}, a=${a}, b=${b}`);
}
