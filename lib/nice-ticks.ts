/**
 * Round axis ticks for charts ("nice numbers", Heckbert 1990): steps of 1, 2 or 5 × 10ⁿ, so an axis over
 * 0.540…0.747 reads 0.50 / 0.55 / … / 0.75 instead of five equal fifths of the data range. Client-safe.
 */
export type NiceAxis = { domain: [number, number]; ticks: number[]; decimals: number };

/** 1, 2, 5 or 10 × 10ⁿ nearest to `value`. */
function niceStep(value: number): number {
  const exponent = Math.floor(Math.log10(value));
  const fraction = value / 10 ** exponent;
  const nice = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10;
  return nice * 10 ** exponent;
}

/**
 * An axis that covers [lo, hi] with about `count` round ticks; its ends are the first ticks at or beyond the data.
 * Decimals are those of the step, so every label has the same number of them.
 */
export function niceAxis(lo: number, hi: number, count = 5): NiceAxis {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return { domain: [0, 1], ticks: [0, 0.25, 0.5, 0.75, 1], decimals: 2 };
  if (hi < lo) [lo, hi] = [hi, lo];
  if (hi === lo) {
    const pad = lo === 0 ? 1 : Math.abs(lo) * 0.1;
    lo -= pad;
    hi += pad;
  }
  const step = niceStep((hi - lo) / Math.max(1, count - 1));
  // Rounding on the step's own decimals keeps 0.1 + 0.2 from becoming 0.30000000000000004.
  const decimals = Math.max(0, Math.ceil(-Math.log10(step) - 1e-9));
  const round = (v: number) => Number(v.toFixed(decimals));
  const start = round(Math.floor(lo / step + 1e-9) * step);
  const end = round(Math.ceil(hi / step - 1e-9) * step);
  const ticks: number[] = [];
  for (let i = 0; start + i * step <= end + step / 2; i++) ticks.push(round(start + i * step));
  return { domain: [start, end], ticks, decimals };
}
