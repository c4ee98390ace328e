/**
 * The one way numbers are written on every page (run results, the board, run and version comparisons, the model page,
 * charts, exports), so that a score reads the same wherever it appears. Client-safe.
 *
 * Metrics come on very different scales (accuracy 0–1, percentages, MME's 0–2000 sums), so a score's decimals follow
 * its magnitude: about four significant digits, as lmms-eval's own results table prints 0–1 metrics (`%.4f`). A delta
 * or a CI takes the decimals of the score it belongs to, so "+0.0213" sits under "0.6523" and "+12.46" under
 * "1713.30". Minus signs are U+2212, so signed columns line up in tabular figures.
 */

const MINUS = "\u2212";
const DASH = "—";

const isNumber = (value: number | null | undefined): value is number => value !== null && value !== undefined && Number.isFinite(value);

/** Decimals for a score: 4 below 1, 3 below 10, 2 below 10 000, none above. */
export function scoreDecimals(value: number): number {
  const a = Math.abs(value);
  if (!Number.isFinite(a) || a < 1) return 4;
  if (a < 10) return 3;
  if (a < 10_000) return 2;
  return 0;
}

function withMinus(text: string): string {
  return text.startsWith("-") ? `${MINUS}${text.slice(1)}` : text;
}

/** A score (metric value), or an em dash when there is none. */
export function formatScore(value: number | null | undefined): string {
  if (!isNumber(value)) return DASH;
  const text = value.toFixed(scoreDecimals(value));
  // "-0.0000" is zero.
  return Number(text) === 0 ? text.replace("-", "") : withMinus(text);
}

/** One sample's score: whole numbers as they are (`1`, `0`), fractions like any score. */
export function formatSampleScore(value: number | null | undefined): string {
  return isNumber(value) && Number.isInteger(value) ? String(value) : formatScore(value);
}

/** A signed difference, with the decimals of the score it was taken against (`reference`, else the delta itself). */
export function formatScoreDelta(delta: number | null | undefined, reference?: number | null): string {
  if (!isNumber(delta)) return DASH;
  const text = Math.abs(delta).toFixed(scoreDecimals(reference ?? delta));
  if (Number(text) === 0) return `±${text}`;
  return `${delta > 0 ? "+" : MINUS}${text}`;
}

/**
 * Decimals for a CI half-width next to its score: at least the score's, more when the half-width would otherwise
 * round to 0 (two significant digits), never more than 6.
 */
export function halfWidthDecimals(value: number, halfWidth: number): number {
  const base = scoreDecimals(value);
  if (!(halfWidth > 0) || !Number.isFinite(halfWidth)) return base;
  const significant = Math.max(0, 1 - Math.floor(Math.log10(halfWidth)));
  return Math.min(6, Math.max(base, significant));
}

/** "±0.0270": a CI's half-width beside its score. */
export function formatHalfWidth(value: number, halfWidth: number): string {
  return `±${halfWidth.toFixed(halfWidthDecimals(value, halfWidth))}`;
}

/** "±0.0270" from a CI's bounds; null when there is no CI. */
export function formatCiHalfWidth(value: number, ci: readonly [number, number] | null): string | null {
  if (!ci) return null;
  const half = (ci[1] - ci[0]) / 2;
  return Number.isFinite(half) ? formatHalfWidth(value, half) : null;
}

/** "[0.6253, 0.6793]": the CI's bounds with the decimals of the score they surround (else of the upper bound). */
export function formatCi(ci: readonly [number, number] | null, value?: number | null): string | null {
  if (!ci) return null;
  const decimals = scoreDecimals(value ?? ci[1]);
  return `[${withMinus(ci[0].toFixed(decimals))}, ${withMinus(ci[1].toFixed(decimals))}]`;
}

/** p-values: two significant figures, "< 0.001" below that, never "0". */
export function formatP(p: number | null | undefined): string {
  if (!isNumber(p)) return DASH;
  if (p < 0.001) return "< 0.001";
  if (p < 0.01) return p.toFixed(3);
  return p.toFixed(2);
}

/** "p = 0.012" / "p < 0.001", for sentences. */
export function pPhrase(label: string, p: number | null | undefined): string {
  const text = formatP(p);
  return text.startsWith("<") ? `${label} ${text}` : `${label} = ${text}`;
}

/** Whole numbers with thousands separators (sample counts, token counts). */
export function formatCount(value: number | null | undefined): string {
  if (!isNumber(value)) return DASH;
  return Math.round(value).toLocaleString("en-US");
}

/** A float with a fixed number of decimals and thousands separators (token rates), or an em dash. */
export function formatFixed(value: number | null | undefined, decimals: number): string {
  if (!isNumber(value)) return DASH;
  return value.toLocaleString("en-US", { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/** A share in 0–1 as a percentage: `83.4%`. */
export function formatPercent(share: number | null | undefined, decimals = 1): string {
  if (!isNumber(share)) return DASH;
  return `${(share * 100).toFixed(decimals)}%`;
}

/** A correlation coefficient or other statistic on −1…1: three decimals. */
export function formatStatistic(value: number | null | undefined): string {
  return isNumber(value) ? withMinus(value.toFixed(3)) : DASH;
}
