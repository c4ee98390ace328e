import fs from "node:fs";
import path from "node:path";
import type { DB } from "@/db/client";
import { runs } from "@/db/schema";
import { locateResultFiles } from "@/lib/lmms-eval/ingest";
import { ingestRunFiles } from "@/lib/services/results/ingest-run-files";
import { buildSearchIndex } from "@/lib/services/results/search-index";
import { tempDir } from "./standin";

export type SyntheticTask = { task: string; metric?: string; correct: (docId: number) => boolean; docs: number; taskVersion?: number };

/**
 * Writes lmms-eval-shaped output for a run with known per-sample correctness (value = accuracy, stderr = its
 * binomial stderr) and ingests it as a succeeded run. Returns the run id.
 */
export async function syntheticRun(
  db: DB,
  opts: { createdById: number; model?: string; modelArgs?: string; modelVersionId?: number | null; tasks: SyntheticTask[]; lmmsEvalVersion?: string; createdAt?: Date },
): Promise<number> {
  const dir = tempDir("synthetic-run-");
  const stamp = "20260101_000000";
  const results: Record<string, unknown> = { results: {}, group_subtasks: {}, configs: {}, versions: {}, "n-shot": {}, higher_is_better: {}, "n-samples": {} };
  for (const t of opts.tasks) {
    const metric = t.metric ?? "exact_match";
    const scores = Array.from({ length: t.docs }, (_, i) => (t.correct(i) ? 1 : 0));
    const p = scores.reduce((a: number, b) => a + b, 0) / t.docs;
    (results.results as Record<string, unknown>)[t.task] = { alias: t.task, [`${metric},none`]: p, samples: t.docs, [`${metric}_stderr,none`]: Math.sqrt((p * (1 - p)) / (t.docs - 1)) };
    (results.group_subtasks as Record<string, unknown>)[t.task] = [];
    (results.versions as Record<string, unknown>)[t.task] = t.taskVersion ?? 1;
    (results.higher_is_better as Record<string, unknown>)[t.task] = { [metric]: true };
    (results["n-samples"] as Record<string, unknown>)[t.task] = { original: t.docs, effective: t.docs };
    const lines = scores.map((s, i) => JSON.stringify({ doc_id: i, target: "A", filtered_resps: s ? "A" : "B", token_counts: [null], [metric]: s, input: `question ${i}` }));
    fs.writeFileSync(path.join(dir, `${stamp}_samples_${t.task}.jsonl`), lines.join("\n") + "\n");
  }
  results.config = { model: opts.model ?? "synthetic", model_args: opts.modelArgs ?? "" };
  results.lmms_eval_version = opts.lmmsEvalVersion ?? "main@test";
  results.date = stamp;
  fs.writeFileSync(path.join(dir, `${stamp}_results.json`), JSON.stringify(results));
  const run = db
    .insert(runs)
    .values({
      status: "succeeded",
      source: "imported",
      model: opts.model ?? "synthetic",
      modelArgs: opts.modelArgs ?? "",
      tasks: opts.tasks.map((t) => t.task),
      params: {},
      createdById: opts.createdById,
      modelVersionId: opts.modelVersionId ?? null,
      ...(opts.createdAt ? { createdAt: opts.createdAt } : {}),
    })
    .returning()
    .get();
  const [files] = await locateResultFiles(dir);
  const outcome = await ingestRunFiles(db, { runId: run.id, files });
  await buildSearchIndex(db, outcome.ingestId);
  fs.rmSync(dir, { recursive: true, force: true });
  return run.id;
}

export type SampleLine = { docId: number; input: string; response: string; correct: boolean };

/** A run with one task whose samples say exactly `lines`, written in the given order and ingested (no search index yet). */
export async function runWithSamples(db: DB, opts: { createdById: number; task: string; lines: SampleLine[]; stamp?: string; runId?: number }): Promise<{ runId: number; ingestId: number }> {
  const { task, lines } = opts;
  const dir = tempDir("samples-run-");
  const stamp = opts.stamp ?? "20260101_000000";
  const results = {
    results: { [task]: { alias: task, "exact_match,none": 0.5, samples: lines.length } },
    group_subtasks: { [task]: [] },
    configs: { [task]: { task } },
    versions: { [task]: 1 },
    "n-shot": { [task]: 0 },
    higher_is_better: { [task]: { exact_match: true } },
    "n-samples": { [task]: { original: lines.length, effective: lines.length } },
    config: { model: "m", model_args: "" },
    date: stamp,
  };
  fs.writeFileSync(path.join(dir, `${stamp}_results.json`), JSON.stringify(results));
  fs.writeFileSync(
    path.join(dir, `${stamp}_samples_${task}.jsonl`),
    lines.map((l) => JSON.stringify({ doc_id: l.docId, target: "A", filtered_resps: l.response, exact_match: l.correct ? 1 : 0, input: l.input })).join("\n") + "\n",
  );
  const runId = opts.runId ?? db.insert(runs).values({ status: "succeeded", source: "imported", model: "m", tasks: [task], params: {}, createdById: opts.createdById }).returning().get().id;
  const [files] = await locateResultFiles(dir);
  const { ingestId } = await ingestRunFiles(db, { runId, files });
  fs.rmSync(dir, { recursive: true, force: true });
  return { runId, ingestId };
}
