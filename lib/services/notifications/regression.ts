import { and, asc, desc, eq, isNull } from "drizzle-orm";
import type { DB } from "@/db/client";
import { models, modelVersions, runs, runTasks, users } from "@/db/schema";
import type { Publisher } from "@/lib/realtime/events";
import { compareSides } from "@/lib/services/compare/compare-sides";
import { visibleRunsWhere } from "@/lib/services/runs/run-access";
import { notify } from "./notify";

export type Regression = { task: string; metric: string; filter: string; delta: number; test: string; pValue: number; n: number | null; previousRunId: number };

/**
 * After a run of a model version succeeds: compare it, on each of its tasks, with the previous version of the same
 * model — the nearest version registered before it (version order: registration time, then id) that has a succeeded
 * result on that task — using that version's latest such result (paired tests on the samples, Holm across the table,
 * as in run comparisons). Re-running an older version after a newer one is judged against the versions before it,
 * never against the newer one. Significantly worse metrics are a regression: the model's owner and the run's
 * creator are told, with a link to the samples that flipped from right to wrong — each only if they may see both
 * runs, and the team's webhooks only if both are team runs. The previous results are those the run's creator may see,
 * so nobody's private run is compared (and named) without them.
 */
export function detectRegression(db: DB, publisher: Publisher, runId: number): Regression[] {
  const run = db.select().from(runs).where(eq(runs.id, runId)).get();
  if (!run || run.status !== "succeeded" || !run.modelVersionId) return [];
  const version = db.select().from(modelVersions).where(eq(modelVersions.id, run.modelVersionId)).get();
  if (!version) return [];
  const model = db.select().from(models).where(eq(models.id, version.modelId)).get();
  const ordered = db
    .select({ id: modelVersions.id, label: modelVersions.label })
    .from(modelVersions)
    .where(eq(modelVersions.modelId, version.modelId))
    .orderBy(asc(modelVersions.createdAt), asc(modelVersions.id))
    .all();
  // Nearest first.
  const earlier = ordered.slice(0, ordered.findIndex((v) => v.id === version.id)).reverse();
  if (earlier.length === 0) return [];
  const tasks = db.select({ task: runTasks.task }).from(runTasks).where(eq(runTasks.runId, run.id)).all().map((t) => t.task);
  const creator = run.createdById ? db.select({ id: users.id, email: users.email, name: users.name, role: users.role }).from(users).where(eq(users.id, run.createdById)).get() : undefined;
  const visibleToCreator = creator ? visibleRunsWhere(creator) : eq(runs.visibility, "team");
  const previousByTask = new Map<string, { runId: number; label: string }>();
  for (const task of tasks) {
    for (const candidate of earlier) {
      // A run that overrode the version's configuration measured something else than that version.
      const previous = db
        .select({ runId: runs.id })
        .from(runs)
        .innerJoin(runTasks, and(eq(runTasks.runId, runs.id), eq(runTasks.task, task)))
        .where(and(eq(runs.modelVersionId, candidate.id), eq(runs.status, "succeeded"), isNull(runs.versionOverrides), visibleToCreator))
        .orderBy(desc(runs.id))
        .limit(1)
        .get();
      if (previous) {
        previousByTask.set(task, { runId: previous.runId, label: candidate.label });
        break;
      }
    }
  }
  if (previousByTask.size === 0) return [];
  const previousRunIds = [...new Set([...previousByTask.values()].map((p) => p.runId))];
  const comparison = compareSides(
    db,
    [
      { label: "previous", runIds: previousRunIds, runIdForTask: (t) => previousByTask.get(t)?.runId ?? null },
      { label: version.label, runIds: [run.id], runIdForTask: (t) => (previousByTask.has(t) ? run.id : null) },
    ],
    0,
  );
  const regressions: Regression[] = [];
  for (const row of comparison.rows) {
    const cell = row.cells[1];
    if (cell?.direction === "worse" && cell.test && cell.delta !== null) {
      regressions.push({ task: row.task, metric: row.metric, filter: row.filter, delta: cell.delta, test: cell.test.test, pValue: cell.pAdjusted ?? cell.test.pValue, n: cell.test.n, previousRunId: row.cells[0]!.runId });
    }
  }
  if (regressions.length) {
    const worst = regressions[0];
    const previous = previousByTask.get(worst.task)!;
    const lines = regressions.map((r) => `${r.task} ${r.metric}${r.filter !== "none" ? ` (${r.filter})` : ""}: ${r.delta > 0 ? "+" : ""}${r.delta.toPrecision(3)} (${r.test}, p=${r.pValue.toPrecision(2)}, n=${r.n ?? "?"})`);
    notify(db, publisher, {
      event: "regression",
      userIds: [...new Set([model?.createdById, run.createdById].filter((x): x is number => typeof x === "number"))],
      runIds: [run.id, ...previousRunIds],
      title: `Regression: ${model?.name ?? "model"} ${version.label} is significantly worse than ${previous.label}`,
      body: lines.join("\n"),
      link: `/compare/samples?base=${worst.previousRunId}&other=${run.id}&task=${encodeURIComponent(worst.task)}&bucket=broken`,
      data: { runId: run.id, regressions },
    });
  }
  return regressions;
}
