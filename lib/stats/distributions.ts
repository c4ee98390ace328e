import { erfc, regularizedBeta } from "./special-functions";

/** P(Z ≤ z) for a standard normal Z. */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

/** P(|Z| ≥ |z|): the two-sided p-value of a z statistic. */
export function normalTwoSidedPValue(z: number): number {
  return erfc(Math.abs(z) / Math.SQRT2);
}

/** The z with P(Z ≤ z) = probability, by bisection on `normalCdf` (exact to double precision, and only used rarely). */
export function normalQuantile(probability: number): number {
  if (!(probability > 0 && probability < 1)) throw new RangeError(`normalQuantile needs 0 < p < 1, got ${probability}`);
  // Solve in the lower tail, where normalCdf keeps its relative precision, and mirror.
  if (probability > 0.5) return -normalQuantile(1 - probability);
  let low = -40;
  let high = 0;
  for (let iteration = 0; iteration < 200 && high - low > 1e-15; iteration += 1) {
    const middle = (low + high) / 2;
    if (normalCdf(middle) < probability) low = middle;
    else high = middle;
  }
  return (low + high) / 2;
}

/** P(X ≥ x) for X ~ χ² with 1 degree of freedom. */
export function chiSquare1Survival(x: number): number {
  if (!(x >= 0)) throw new RangeError(`chi-square statistic must be ≥ 0, got ${x}`);
  return erfc(Math.sqrt(x / 2));
}

/** P(|T| ≥ |t|) for T ~ Student's t with `degreesOfFreedom`. */
export function studentTTwoSidedPValue(t: number, degreesOfFreedom: number): number {
  if (!(degreesOfFreedom > 0)) throw new RangeError(`degrees of freedom must be > 0, got ${degreesOfFreedom}`);
  if (!Number.isFinite(t)) return Number.isNaN(t) ? Number.NaN : 0;
  return regularizedBeta(degreesOfFreedom / (degreesOfFreedom + t * t), degreesOfFreedom / 2, 0.5);
}

/** P(X ≤ k) for X ~ Binomial(trials, probability), summed in log space so large `trials` do not underflow early. */
export function binomialCdf(k: number, trials: number, probability: number): number {
  if (!Number.isInteger(trials) || trials < 0) throw new RangeError(`trials must be a non-negative integer, got ${trials}`);
  if (!(probability >= 0 && probability <= 1)) throw new RangeError(`probability must be in [0, 1], got ${probability}`);
  if (k < 0) return 0;
  if (k >= trials) return 1;
  if (probability === 0) return 1;
  if (probability === 1) return 0;
  const logSuccess = Math.log(probability);
  const logFailure = Math.log1p(-probability);
  // ln C(trials, j) is built up term by term: exact enough and free of ln Γ's error for large trials.
  let logChoose = 0;
  let cumulative = 0;
  for (let j = 0; j <= Math.floor(k); j += 1) {
    if (j > 0) logChoose += Math.log(trials - j + 1) - Math.log(j);
    cumulative += Math.exp(logChoose + j * logSuccess + (trials - j) * logFailure);
  }
  return Math.min(1, cumulative);
}
