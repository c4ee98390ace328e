/**
 * Number formatting for results. Metrics come on very different scales (accuracy 0–1, percentages, MME's 0–2000
 * sums), so the number of decimals follows the magnitude instead of being fixed.
 */

/** Decimals that keep ~4 significant digits for a metric value. */
export function decimalsFor(value: number): number {
  const a = Math.abs(value);
  if (!Number.isFinite(a) || a === 0) return 4;
  if (a < 1) return 4;
  if (a < 10) return 3;
  if (a < 10_000) return 2;
  return 0;
}

/** A metric value as shown in the table; non-numeric values (`"N/A"`, NaN, custom aggregations) as text. */
export function formatMetricValue(value: number | null, raw?: unknown): string {
  if (value !== null && Number.isFinite(value)) return value.toFixed(decimalsFor(value));
  if (raw === null || raw === undefined) return "—";
  if (typeof raw === "string") return raw;
  if (typeof raw === "number") return String(raw);
  const json = JSON.stringify(raw);
  return json.length > 60 ? `${json.slice(0, 57)}…` : json;
}

/**
 * Decimals for a CI half-width next to its value: at least the value's, more when the half-width would otherwise
 * round to 0 (two significant digits), never more than 6.
 */
export function ciDecimals(value: number, halfWidth: number): number {
  const base = decimalsFor(value);
  if (!(halfWidth > 0) || !Number.isFinite(halfWidth)) return base;
  const significant = Math.max(0, 1 - Math.floor(Math.log10(halfWidth)));
  return Math.min(6, Math.max(base, significant));
}

export function formatHalfWidth(value: number, halfWidth: number): string {
  return `±${halfWidth.toFixed(ciDecimals(value, halfWidth))}`;
}

/** Whole numbers with thousands separators (token counts, sample counts). */
export function formatInteger(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  return Math.round(value).toLocaleString("en-US");
}

/** A float with a fixed number of decimals, or an em dash. */
export function formatFixed(value: number | null | undefined, decimals: number): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  return value.toLocaleString("en-US", { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/** A share in 0–1 as a percentage: `83.4%`. */
export function formatPercent(share: number | null | undefined, decimals = 1): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return "—";
  return `${(share * 100).toFixed(decimals)}%`;
}

/** Seconds for latencies and summed model time: `0.82 s`, `12.4 s`, `1h 57m 15s`. */
export function formatSeconds(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return "—";
  if (seconds < 1) return `${(seconds * 1000).toFixed(0)} ms`;
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 2 : 1)} s`;
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  return h > 0 ? `${h}h ${String(m).padStart(2, "0")}m ${String(rest).padStart(2, "0")}s` : `${m}m ${String(rest).padStart(2, "0")}s`;
}

/** `exact_match` → `exact match`, for labels built from lmms-eval keys. */
export function humanizeKey(key: string): string {
  return key.replace(/^avg_/, "avg ").replaceAll("_", " ");
}
