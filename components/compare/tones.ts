import type { CellVerdict } from "@/lib/compare-view/board-model";

/**
 * Colour says "significant" and nothing else: green = significantly better, red = significantly worse, violet =
 * significantly different where the metric does not say which way is better. Everything else stays grey.
 */
export const VERDICT_PILL: Record<CellVerdict, string> = {
  better: "bg-emerald-100 text-emerald-800 ring-1 ring-inset ring-emerald-300 dark:bg-emerald-950 dark:text-emerald-300 dark:ring-emerald-800",
  worse: "bg-red-100 text-red-800 ring-1 ring-inset ring-red-300 dark:bg-red-950 dark:text-red-300 dark:ring-red-800",
  different: "bg-violet-100 text-violet-800 ring-1 ring-inset ring-violet-300 dark:bg-violet-950 dark:text-violet-300 dark:ring-violet-800",
  "not significant": "text-zinc-500 dark:text-zinc-400",
  untested: "text-zinc-400 dark:text-zinc-500",
  baseline: "",
  value: "",
};

export const VERDICT_CELL: Record<CellVerdict, string> = {
  better: "bg-emerald-50/70 dark:bg-emerald-950/30",
  worse: "bg-red-50/70 dark:bg-red-950/30",
  different: "bg-violet-50/70 dark:bg-violet-950/30",
  "not significant": "",
  untested: "",
  baseline: "",
  value: "",
};

export const VERDICT_WORDS: Record<CellVerdict, string> = {
  better: "significantly better",
  worse: "significantly worse",
  different: "significantly different (the metric does not say which way is better)",
  "not significant": "not significant",
  untested: "not tested",
  baseline: "baseline",
  value: "",
};
