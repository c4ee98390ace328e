import { formatPercent, formatScore } from "@/lib/number-format";
/**
 * Per-category breakdown (MME-style dict scores `{question_id, category, score}`): mean primary score per category,
 * with a 95% Wilson interval when the scores are right/wrong (a normal interval misbehaves near 0 and 1 and on the
 * small categories MME has).
 */
/** A category score: a percentage where the scores are 0/1 right-or-wrong, else the score as every page writes it. */
export function categoryScoreText(value: number | null, asPercent: boolean): string {
  if (value === null) return "—";
  return asPercent ? formatPercent(value) : formatScore(value);
}

export type CategoryInput = { category: string; n: number; meanScore: number | null; correct: number };

export type CategoryStat = CategoryInput & {
  /** The scores are 0/1 (mean score = share correct), so the mean is an accuracy with a binomial CI. */
  binary: boolean;
  ciLower: number | null;
  ciUpper: number | null;
};

export type CategorySortKey = "category" | "meanScore" | "n";
export type SortDirection = "asc" | "desc";

const Z_95 = 1.959963984540054;

/** Wilson score interval for `successes` out of `n` (two-sided, default 95%). */
export function wilsonInterval(successes: number, n: number, z = Z_95): { lower: number; upper: number } | null {
  if (!(n > 0) || successes < 0 || successes > n) return null;
  const p = successes / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const margin = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
  // At 0/n and n/n the bounds are exactly 0 and 1; floating point would give 0.9999999999999999.
  return { lower: successes === 0 ? 0 : Math.max(0, centre - margin), upper: successes === n ? 1 : Math.min(1, centre + margin) };
}

export function toCategoryStats(rows: CategoryInput[]): CategoryStat[] {
  return rows.map((row) => {
    const binary = row.meanScore !== null && row.n > 0 && Math.abs(row.meanScore - row.correct / row.n) < 1e-9;
    const ci = binary ? wilsonInterval(row.correct, row.n) : null;
    return { ...row, binary, ciLower: ci?.lower ?? null, ciUpper: ci?.upper ?? null };
  });
}

const byCategoryName = (a: CategoryStat, b: CategoryStat) => a.category.localeCompare(b.category, "en", { numeric: true, sensitivity: "base" });

/** Sorted copy; missing scores always last, ties broken by category name so the order is stable. */
export function sortCategoryStats(stats: CategoryStat[], key: CategorySortKey, direction: SortDirection): CategoryStat[] {
  const sign = direction === "asc" ? 1 : -1;
  return [...stats].sort((a, b) => {
    if (key === "category") return sign * byCategoryName(a, b);
    const av = key === "n" ? a.n : a.meanScore;
    const bv = key === "n" ? b.n : b.meanScore;
    if (av === null && bv === null) return byCategoryName(a, b);
    if (av === null) return 1;
    if (bv === null) return -1;
    return av === bv ? byCategoryName(a, b) : sign * (av - bv);
  });
}

/** The sample-weighted mean over categories (equals the task's per-sample mean when every sample has a category). */
export function overallMean(stats: CategoryStat[]): number | null {
  let total = 0;
  let weight = 0;
  for (const s of stats) {
    if (s.meanScore === null) continue;
    total += s.meanScore * s.n;
    weight += s.n;
  }
  return weight > 0 ? total / weight : null;
}

export type CategoryBarDatum = { category: string; score: number; n: number; error: [number, number] | null };

/** Bars for the chart: highest score first, missing scores dropped, error whiskers as [below, above] distances. */
export function categoryChartData(stats: CategoryStat[], limit = 40): { data: CategoryBarDatum[]; omitted: number } {
  const scored = sortCategoryStats(stats, "meanScore", "desc").filter((s) => s.meanScore !== null);
  const data = scored.slice(0, limit).map((s) => ({
    category: s.category,
    score: s.meanScore as number,
    n: s.n,
    error: s.ciLower !== null && s.ciUpper !== null ? ([(s.meanScore as number) - s.ciLower, s.ciUpper - (s.meanScore as number)] as [number, number]) : null,
  }));
  return { data, omitted: Math.max(0, scored.length - limit) };
}
