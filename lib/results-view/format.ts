import { formatScore } from "@/lib/number-format";

/** Results-specific text: metric values that may not be numbers, durations, lmms-eval keys. Numbers: lib/number-format. */

/** A metric value as shown in the table; non-numeric values (`"N/A"`, NaN, custom aggregations) as text. */
export function formatMetricValue(value: number | null, raw?: unknown): string {
  if (value !== null && Number.isFinite(value)) return formatScore(value);
  if (raw === null || raw === undefined) return "—";
  if (typeof raw === "string") return raw;
  if (typeof raw === "number") return String(raw);
  const json = JSON.stringify(raw);
  return json.length > 60 ? `${json.slice(0, 57)}…` : json;
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
