/**
 * Number formatting for comparison screens. Metrics come on different scales (accuracy 0–1, MME's 0–2000 sums), so
 * decimals follow the magnitude; a delta takes the decimals of the value it is a difference of, so "+0.021" sits
 * under "0.652" and "+12.5" under "1713.3". Minus signs are U+2212 so signed columns line up in tabular figures.
 */

const MINUS = "\u2212";

export function valueDecimals(value: number): number {
  const a = Math.abs(value);
  if (!Number.isFinite(a) || a < 1) return 3;
  if (a < 100) return 2;
  if (a < 10_000) return 1;
  return 0;
}

export function formatValue(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  return withMinus(value.toFixed(valueDecimals(value)));
}

/** A signed difference, with the decimals of the `reference` value it was taken against. */
export function formatDelta(delta: number | null | undefined, reference?: number | null): string {
  if (delta === null || delta === undefined || !Number.isFinite(delta)) return "—";
  const decimals = valueDecimals(reference ?? delta);
  const text = Math.abs(delta).toFixed(decimals);
  if (Number(text) === 0) return `±${text}`;
  return `${delta > 0 ? "+" : MINUS}${text}`;
}

/** Half-width of a CI as "±0.027", decimals of the value (more when it would round to zero). */
export function formatHalfWidth(value: number, ci: [number, number] | null): string | null {
  if (!ci) return null;
  const half = (ci[1] - ci[0]) / 2;
  if (!Number.isFinite(half)) return null;
  let decimals = valueDecimals(value);
  while (decimals < 6 && half > 0 && Number(half.toFixed(decimals)) === 0) decimals++;
  return `±${half.toFixed(decimals)}`;
}

export function formatCi(ci: [number, number] | null): string | null {
  if (!ci) return null;
  return `[${formatValue(ci[0])}, ${formatValue(ci[1])}]`;
}

/** p-values: two significant figures, "< 0.001" below that, never "0". */
export function formatP(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return "—";
  if (p < 0.001) return "< 0.001";
  if (p < 0.01) return p.toFixed(3);
  return p.toFixed(2);
}

/** "p = 0.012" / "p < 0.001", for sentences. */
export function pPhrase(label: string, p: number | null | undefined): string {
  const text = formatP(p);
  return text.startsWith("<") ? `${label} ${text}` : `${label} = ${text}`;
}

export function formatCount(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return "—";
  return Math.round(n).toLocaleString("en-US");
}

/** "ai2d · exact_match · flexible-extract" ("none" filters are lmms-eval's default and left out). */
export function benchmarkLabel(c: { task: string; metric: string; filter: string }): string {
  return [c.task, c.metric, c.filter && c.filter !== "none" ? c.filter : null].filter(Boolean).join(" · ");
}

/** "exact_match · flexible-extract": the part under the task name in a column header. */
export function metricLabel(c: { metric: string; filter: string }): string {
  return c.filter && c.filter !== "none" ? `${c.metric} · ${c.filter}` : c.metric;
}

function withMinus(text: string): string {
  return text.startsWith("-") ? `${MINUS}${text.slice(1)}` : text;
}

/**
 * "#12 standin · org/a": the run id, backend and checkpoint (`pretrained=`, `model=`… from the model args), else the
 * start of the args, so runs of one backend can be told apart in headers and legends. Pass masked args (RunDto's).
 */
export function runLabel(run: { id: number; model: string; modelArgs: string }): string {
  const checkpoint = /(?:^|,)\s*(?:pretrained|model|model_name|model_id|model_version)\s*=\s*([^,]+)/.exec(run.modelArgs)?.[1]?.trim();
  const args = run.modelArgs.trim();
  const detail = checkpoint ?? (args ? (args.length > 28 ? `${args.slice(0, 27)}…` : args) : null);
  return `#${run.id} ${run.model}${detail ? ` · ${detail}` : ""}`;
}
