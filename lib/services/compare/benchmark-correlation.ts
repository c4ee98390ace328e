import { z } from "zod";
import type { DB } from "@/db/client";
import type { ServiceContext } from "@/lib/auth/actor";
import { kendallTauB, spearman } from "@/lib/stats";
import { InvalidInputError } from "@/lib/services/errors";
import { parseInput } from "@/lib/services/validate";
import { getBoard } from "./board";

export const BenchmarkCompareInput = z.object({
  a: z.string({ error: "a is required (task|metric|filter)" }).min(1),
  b: z.string({ error: "b is required (task|metric|filter)" }).min(1),
  rows: z.enum(["version", "model"]).default("version"),
});

function describe(rho: number, n: number): string {
  const strength = Math.abs(rho) >= 0.9 ? "almost identically" : Math.abs(rho) >= 0.7 ? "similarly" : Math.abs(rho) >= 0.4 ? "somewhat alike" : "differently";
  const order = rho < 0 && Math.abs(rho) >= 0.4 ? " but in opposite order" : "";
  const redundant = Math.abs(rho) >= 0.9 ? " — one of them may be redundant for ranking" : "";
  return `These two rank models ${strength}${order} (ρ=${rho.toFixed(2)}, n=${n})${redundant}.`;
}

const CorrelationTest = z.strictObject({ test: z.string(), n: z.number().nullable(), statistic: z.number(), pValue: z.number() });
export const BenchmarkComparison = z.strictObject({
  a: z.string(),
  b: z.string(),
  points: z.array(z.strictObject({ rowKey: z.string(), label: z.string(), a: z.number(), b: z.number(), runA: z.number(), runB: z.number() })),
  spearman: CorrelationTest.nullable(),
  kendall: CorrelationTest.nullable(),
  note: z.string(),
});
export type BenchmarkComparison = z.infer<typeof BenchmarkComparison>;

/**
 * The other axis: how two benchmarks relate across the models that ran both — Pearson-free, rank-based correlation
 * (Spearman ρ and Kendall τ-b, ties handled) of their scores, the scatter points, and a plain-language note.
 */
export function compareBenchmarks({ db, ctx, input }: { db: DB; ctx: ServiceContext; input: unknown }): BenchmarkComparison {
  const q = parseInput(BenchmarkCompareInput, input);
  if (q.a === q.b) throw new InvalidInputError("choose two different benchmarks", { b: ["Same as a"] });
  const board = getBoard({ db, ctx, input: { rows: q.rows, columns: [q.a, q.b].join(",") } });
  for (const key of [q.a, q.b]) {
    if (!board.allColumns.some((c) => c.key === key)) throw new InvalidInputError(`unknown benchmark ${key} (use task|metric|filter)`, { [key === q.a ? "a" : "b"]: ["Unknown benchmark"] });
  }
  const points = board.rows
    .map((r) => ({ rowKey: r.key, label: r.label, ca: r.cells[q.a], cb: r.cells[q.b] }))
    .filter((p) => p.ca?.value != null && p.cb?.value != null)
    .map((p) => ({ rowKey: p.rowKey, label: p.label, a: p.ca!.value!, b: p.cb!.value!, runA: p.ca!.runId, runB: p.cb!.runId }));
  if (points.length < 3) {
    return { a: q.a, b: q.b, points, spearman: null, kendall: null, note: `Only ${points.length} model(s) ran both benchmarks; at least 3 are needed for a correlation.` };
  }
  const xs = points.map((p) => p.a);
  const ys = points.map((p) => p.b);
  const rho = spearman(xs, ys);
  const tau = kendallTauB(xs, ys);
  return { a: q.a, b: q.b, points, spearman: rho, kendall: tau, note: Number.isFinite(rho.statistic) ? describe(rho.statistic, points.length) : "The scores do not vary enough to rank the models." };
}
