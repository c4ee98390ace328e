import { formatSeconds, humanizeKey } from "./format";
import { formatCount, formatFixed } from "@/lib/number-format";

/**
 * Key figures from the optional `throughput`, `usage` and `efficiency` blocks of a results file
 * (docs/LMMS-EVAL-BEHAVIOUR.md §results-json). Every field is optional and may be a string or null in the wild, so each is read defensively.
 */
export type KeyFigure = { label: string; value: string; hint?: string };

export type TokenRow = {
  name: string;
  inputTokens: number | null;
  outputTokens: number | null;
  reasoningTokens: number | null;
  totalTokens: number | null;
  apiCalls: number | null;
};

export type EfficiencyRow = {
  task: string;
  docs: number | null;
  totalTokens: number | null;
  totalCorrect: number | null;
  avgOutputTokens: number | null;
  tokensPerCorrect: number | null;
};

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

function num(v: unknown): number | null {
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) return Number(v);
  return null;
}

export function throughputFigures(throughput: Obj | null | undefined): KeyFigure[] {
  if (!isObj(throughput) || Object.keys(throughput).length === 0) return [];
  const figures: KeyFigure[] = [];
  const genTokens = num(throughput.total_gen_tokens);
  const elapsed = num(throughput.total_elapsed_time);
  const speed = num(throughput.avg_speed);
  if (genTokens !== null) figures.push({ label: "Generated tokens", value: formatCount(genTokens) });
  if (speed !== null) figures.push({ label: "Output speed", value: `${formatFixed(speed, speed >= 100 ? 0 : 2)} tok/s` });
  if (elapsed !== null) figures.push({ label: "Model time", value: formatSeconds(elapsed), hint: "Sum of per-request latencies, not wall-clock time" });
  const latency = num(throughput.avg_latency);
  if (latency !== null) figures.push({ label: "Avg latency", value: formatSeconds(latency), hint: "Per request" });
  for (const [key, raw] of Object.entries(throughput)) {
    if (["total_gen_tokens", "total_elapsed_time", "avg_speed", "avg_latency"].includes(key)) continue;
    const value = num(raw);
    if (value === null) continue;
    // vLLM adds `avg_ttft` / `avg_tpot` in seconds; other backends may add their own `avg_*` keys.
    const seconds = /ttft|tpot|latency|time/i.test(key);
    figures.push({ label: humanizeKey(key).replace(/\bttft\b/i, "TTFT").replace(/\btpot\b/i, "TPOT"), value: seconds ? formatSeconds(value) : formatFixed(value, 2) });
  }
  return figures;
}

function tokenRow(name: string, bucket: unknown): TokenRow | null {
  if (!isObj(bucket)) return null;
  return {
    name,
    inputTokens: num(bucket.input_tokens),
    outputTokens: num(bucket.output_tokens),
    reasoningTokens: num(bucket.reasoning_tokens),
    totalTokens: num(bucket.total_tokens),
    apiCalls: num(bucket.n_api_calls),
  };
}

const rowsOf = (value: unknown): TokenRow[] =>
  isObj(value)
    ? Object.entries(value)
        .map(([name, bucket]) => tokenRow(name, bucket))
        .filter((r): r is TokenRow => r !== null)
        .sort((a, b) => (b.totalTokens ?? 0) - (a.totalTokens ?? 0))
    : [];

export type UsageSummary = {
  total: TokenRow | null;
  figures: KeyFigure[];
  bySource: TokenRow[];
  byTask: TokenRow[];
  budgetExceeded: boolean;
  budgetTotalTokens: number | null;
};

/** `usage` is `{}` when the model reported none: that is "no usage", not a table of zeros. */
export function usageSummary(usage: Obj | null | undefined): UsageSummary | null {
  if (!isObj(usage) || Object.keys(usage).length === 0) return null;
  const total = tokenRow("total", usage.total);
  const figures: KeyFigure[] = [];
  if (total) {
    if (total.inputTokens !== null) figures.push({ label: "Input tokens", value: formatCount(total.inputTokens) });
    if (total.outputTokens !== null) figures.push({ label: "Output tokens", value: formatCount(total.outputTokens) });
    if (total.reasoningTokens) figures.push({ label: "Reasoning tokens", value: formatCount(total.reasoningTokens) });
    if (total.apiCalls !== null) figures.push({ label: "API calls", value: formatCount(total.apiCalls) });
  }
  const budgetTotalTokens = num(usage.budget_total_tokens);
  if (budgetTotalTokens !== null) figures.push({ label: "Token budget", value: formatCount(budgetTotalTokens) });
  const summary: UsageSummary = {
    total,
    figures,
    bySource: rowsOf(usage.by_source),
    // API model calls land in `_unknown` (lmms-eval cannot attribute them); name it for what it is.
    byTask: rowsOf(usage.by_task).map((r) => (r.name === "_unknown" ? { ...r, name: "unattributed (model calls)" } : r)),
    budgetExceeded: usage.budget_exceeded === true,
    budgetTotalTokens,
  };
  return total || summary.bySource.length || summary.byTask.length || summary.budgetExceeded ? summary : null;
}

function efficiencyRow(task: string, e: unknown): EfficiencyRow | null {
  if (!isObj(e)) return null;
  // Backends that return plain strings (e.g. `dummy`) report no token counts; lmms-eval then writes 0.0 for every
  // token figure, which would read as "free". No counted docs means unknown, not zero.
  const counted = num(e.docs_with_token_counts);
  const tokens = (v: unknown) => (counted === 0 ? null : num(v));
  return {
    task,
    docs: num(e.docs),
    totalTokens: tokens(e.total_tokens),
    totalCorrect: num(e.total_correct_score),
    avgOutputTokens: tokens(e.avg_output_tokens_per_sample),
    tokensPerCorrect: tokens(e.tokens_per_correct_answer),
  };
}

export type EfficiencySummary = { overall: EfficiencyRow | null; figures: KeyFigure[]; byTask: EfficiencyRow[] };

export function efficiencySummary(efficiency: Obj | null | undefined): EfficiencySummary | null {
  if (!isObj(efficiency) || Object.keys(efficiency).length === 0) return null;
  const overall = efficiencyRow("overall", efficiency.overall);
  const byTask = isObj(efficiency.by_task)
    ? Object.entries(efficiency.by_task)
        .map(([task, e]) => efficiencyRow(task, e))
        .filter((r): r is EfficiencyRow => r !== null)
        .sort((a, b) => a.task.localeCompare(b.task))
    : [];
  const figures: KeyFigure[] = [];
  if (overall) {
    if (overall.tokensPerCorrect !== null) {
      figures.push({ label: "Tokens / correct answer", value: formatFixed(overall.tokensPerCorrect, 2), hint: "Output tokens spent per unit of correct score" });
    }
    if (overall.avgOutputTokens !== null) figures.push({ label: "Avg output tokens", value: formatFixed(overall.avgOutputTokens, 2), hint: "Per sample" });
    if (overall.totalCorrect !== null && overall.docs !== null) {
      figures.push({ label: "Correct score", value: `${formatFixed(overall.totalCorrect, overall.totalCorrect % 1 === 0 ? 0 : 1)} / ${formatCount(overall.docs)}` });
    }
  }
  return overall || byTask.length ? { overall, figures, byTask } : null;
}
