import { and, inArray } from "drizzle-orm";
import { visibleRunsWhere } from "@/lib/services/runs/run-access";
import { z } from "zod";
import type { DB } from "@/db/client";
import { runs } from "@/db/schema";
import type { ServiceContext } from "@/lib/auth/actor";
import { requireActor } from "@/lib/auth/permissions";
import { InvalidInputError } from "@/lib/services/errors";
import { maskModelArgs } from "@/lib/services/runs/run-dto";
import { parseInput } from "@/lib/services/validate";
import { canonicalKeyValue } from "@/lib/services/models/queries";
import { comparableRunIds, compareSides, Comparison } from "./compare-sides";

const csvIds = z.preprocess(
  (v) => (typeof v === "string" ? v.split(",").map((s) => s.trim()).filter(Boolean) : v),
  z.array(z.coerce.number({ error: "run ids must be numbers" }).int().positive()).min(2, { error: "choose at least two runs to compare" }).max(20, { error: "compare at most 20 runs at once" }),
);

export const CompareRunsInput = z.object({ runs: csvIds, reference: z.coerce.number().int().positive().optional() });

export const RunComparison = Comparison.extend({
  referenceRunId: z.number(),
  excluded: z.array(z.strictObject({ runId: z.number(), reason: z.string() })),
  sharedTasks: z.array(z.string()),
  configDiff: z.array(z.strictObject({ field: z.string(), values: z.array(z.string()) })),
  emptyReason: z.string().nullable().describe("why the table is empty, when it is"),
});
export type RunComparison = z.infer<typeof RunComparison>;

/**
 * 2 to N runs side by side: metrics aligned by task/metric/filter, deltas against the reference run with paired
 * significance (or the stderr fallback, said so), Holm across the table; the config fields that differ. Runs still
 * running (or without results) are excluded and listed, never silently mixed in.
 */
export function compareRuns({ db, ctx, input }: { db: DB; ctx: ServiceContext; input: unknown }): RunComparison {
  const actor = requireActor(ctx);
  const q = parseInput(CompareRunsInput, input);
  // A run the actor may not see is reported exactly like a run that does not exist.
  const ids = [...new Set(q.runs)];
  const visibleIds = new Set(ids.length ? db.select({ id: runs.id }).from(runs).where(and(inArray(runs.id, ids), visibleRunsWhere(actor))).all().map((r) => r.id) : []);
  if (q.reference !== undefined && !ids.includes(q.reference)) throw new InvalidInputError("the reference run must be one of the compared runs", { reference: ["Not among the runs"] });
  const { ok, excluded } = comparableRunIds(db, ids.filter((id) => visibleIds.has(id)));
  for (const id of ids) if (!visibleIds.has(id)) excluded.push({ runId: id, reason: "not found" });
  const rows = ok.length ? db.select().from(runs).where(inArray(runs.id, ok)).all() : [];
  const ordered = ok.map((id) => rows.find((r) => r.id === id)!);
  const referenceRunId = q.reference !== undefined && ok.includes(q.reference) ? q.reference : (ok[0] ?? ids[0]);
  const referenceIndex = Math.max(0, ok.indexOf(referenceRunId));

  const tasksOf = (run: (typeof ordered)[number]) => new Set(run.tasks);
  const sharedTasks = ordered.length ? [...tasksOf(ordered[0])].filter((t) => ordered.every((r) => tasksOf(r).has(t))) : [];

  const comparison = compareSides(
    db,
    ordered.map((r) => ({ label: `#${r.id} ${r.model}`, runIds: [r.id], runIdForTask: () => r.id })),
    referenceIndex,
  );
  // Only rows at least two runs share can be compared.
  comparison.rows = comparison.rows.filter((row) => row.cells.filter(Boolean).length >= 2);

  const fields: Array<[string, (r: (typeof ordered)[number]) => string, ((s: string) => string)?]> = [
    ["backend", (r) => r.model],
    ["model args", (r) => maskModelArgs(r.modelArgs), canonicalKeyValue],
    ["tasks", (r) => r.tasks.join(",")],
    ...(["limit", "batchSize", "numFewshot", "genKwargs", "seed", "device", "systemInstruction", "applyChatTemplate"] as const).map(
      (key) => [key, (r: (typeof ordered)[number]) => (r.params[key] === undefined ? "—" : String(r.params[key]))] as [string, (r: (typeof ordered)[number]) => string],
    ),
    ["lmms-eval", (r) => r.lmmsEvalVersion ?? "unknown"],
  ];
  const configDiff = fields
    .map(([field, read, canonical = (s: string) => s]) => ({ field, values: ordered.map(read), canonical: ordered.map((r) => canonical(read(r))) }))
    .filter((f) => new Set(f.canonical).size > 1)
    .map(({ field, values }) => ({ field, values }));

  let emptyReason: string | null = null;
  if (ok.length < 2) emptyReason = `Fewer than two of these runs can be compared (${excluded.map((e) => `#${e.runId}: ${e.reason}`).join("; ")}).`;
  else if (comparison.rows.length === 0) emptyReason = "These runs share no task: there is nothing to compare.";
  return { ...comparison, referenceRunId, excluded, sharedTasks, configDiff, emptyReason };
}
