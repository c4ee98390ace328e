/** Labels on comparison screens (benchmarks, metrics, runs). Numbers: lib/number-format. */

import { modelCheckpoint } from "@/lib/runs-view/format";

/** "ai2d · exact_match · flexible-extract" ("none" filters are lmms-eval's default and left out). */
export function benchmarkLabel(c: { task: string; metric: string; filter: string }): string {
  return [c.task, c.metric, c.filter && c.filter !== "none" ? c.filter : null].filter(Boolean).join(" · ");
}

/** "exact_match · flexible-extract": the part under the task name in a column header. */
export function metricLabel(c: { metric: string; filter: string }): string {
  return c.filter && c.filter !== "none" ? `${c.metric} · ${c.filter}` : c.metric;
}

/**
 * "#12 standin · org/a": the run id, backend and checkpoint (`pretrained=`, `model=`… from the model args), else the
 * start of the args, so runs of one backend can be told apart in headers and legends. Pass masked args (RunDto's).
 */
export function runLabel(run: { id: number; model: string; modelArgs: string }): string {
  const checkpoint = modelCheckpoint(run.modelArgs);
  const args = run.modelArgs.trim();
  const detail = checkpoint ?? (args ? (args.length > 28 ? `${args.slice(0, 27)}…` : args) : null);
  return `#${run.id} ${run.model}${detail ? ` · ${detail}` : ""}`;
}
