import { formatSampleScore } from "@/lib/number-format";

/**
 * Shaping one lmms-eval sample for reading (docs/LMMS-EVAL-BEHAVIOUR.md §samples-jsonl): responses that are strings or per-choice lists, dict
 * scores (`{question_id, category, score}`), and per-request token counts that may be null.
 */
export type ResponseView = { kind: "text"; text: string } | { kind: "list"; items: string[] } | { kind: "empty" };

/** `[["B"]]` → `"B"`: single-instance lists are noise; per-choice lists stay lists (one line per choice). */
export function responseView(value: unknown): ResponseView {
  let v = value;
  while (Array.isArray(v) && v.length === 1) v = v[0];
  if (v === null || v === undefined) return { kind: "empty" };
  if (typeof v === "string") return { kind: "text", text: v };
  if (Array.isArray(v)) {
    return {
      kind: "list",
      items: v.map((item) => {
        let x: unknown = item;
        while (Array.isArray(x) && x.length === 1) x = x[0];
        return typeof x === "string" ? x : JSON.stringify(x);
      }),
    };
  }
  return { kind: "text", text: typeof v === "object" ? JSON.stringify(v, null, 2) : String(v) };
}

/**
 * lmms-eval writes `resps` only when it differs from `filtered_resps` (the text before the filter / reasoning-tag
 * stripping); older files may write both equal. Show the raw one only when it adds something.
 */
export function rawDiffersFromFiltered(resps: unknown, filtered: unknown): boolean {
  if (resps === null || resps === undefined) return false;
  return JSON.stringify(responseView(resps)) !== JSON.stringify(responseView(filtered));
}

export type ScoreEntry = { metric: string; value: string; numeric: number | null; parts: Array<{ key: string; value: string }> };

function scalarText(value: unknown): string {
  if (typeof value === "number") return formatSampleScore(value);
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "string") return value;
  if (value === null || value === undefined) return "—";
  return JSON.stringify(value);
}

/** Every score of a sample; dict scores as key/value pairs with the score itself first. */
export function scoreEntries(scores: Record<string, unknown>, scoreKey = "score"): ScoreEntry[] {
  return Object.entries(scores).map(([metric, value]) => {
    if (typeof value === "object" && value !== null && !Array.isArray(value)) {
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record).sort((a, b) => (a === scoreKey ? -1 : b === scoreKey ? 1 : 0));
      const raw = record[scoreKey];
      return {
        metric,
        value: scoreKey in record ? scalarText(raw) : "",
        numeric: typeof raw === "number" ? raw : null,
        parts: keys.filter((k) => k !== scoreKey).map((key) => ({ key, value: scalarText(record[key]) })),
      };
    }
    return { metric, value: scalarText(value), numeric: typeof value === "number" ? value : typeof value === "boolean" ? Number(value) : null, parts: [] };
  });
}

export type TokenTotals = { input: number | null; output: number | null; reasoning: number | null; requests: number; unreported: number };

/** Sums `token_counts` over the sample's requests; entries are null for backends that return plain strings. */
export function tokenTotals(tokenCounts: unknown): TokenTotals {
  const list = Array.isArray(tokenCounts) ? tokenCounts : tokenCounts === null || tokenCounts === undefined ? [] : [tokenCounts];
  const totals: TokenTotals = { input: null, output: null, reasoning: null, requests: list.length, unreported: 0 };
  const add = (key: "input" | "output" | "reasoning", v: unknown) => {
    if (typeof v === "number" && Number.isFinite(v)) totals[key] = (totals[key] ?? 0) + v;
  };
  for (const entry of list) {
    if (typeof entry !== "object" || entry === null) {
      totals.unreported++;
      continue;
    }
    const e = entry as Record<string, unknown>;
    add("input", e.input_tokens);
    add("output", e.output_tokens);
    add("reasoning", e.reasoning_tokens);
  }
  return totals;
}
