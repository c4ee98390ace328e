import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { applyMigrations, openDatabase, type DB } from "../../db/client";
import { getBoard } from "../../lib/services/compare/board";
import { compareRuns } from "../../lib/services/compare/compare-runs";
import { sampleDiff } from "../../lib/services/compare/sample-diff";
import { fmt, machine, percentile, table } from "./stats";

/**
 * npm run bench:compare
 * Server time of the board with 500 model versions × 200 benchmarks, a comparison of 5 runs × 50 tasks (paired
 * McNemar per metric on 1000 shared samples each) and the per-sample diff of two 100k-sample runs — each beside a
 * baseline measured in the same run: the bare SQL read of the same rows (no shaping, no statistics).
 */
const VERSIONS = 500;
const BENCHMARKS = 200;

function seed(db: DB): { compareRunIds: number[]; diffRunIds: [number, number] } {
  const c = db.$client;
  const user = (c.prepare("insert into users (email, name, role, password_hash) values ('b@x.org', 'b', 'admin', 'x') returning id").get() as { id: number }).id;
  c.prepare("insert into models (name) values ('family')").run();
  const insertVersion = c.prepare("insert into model_versions (model_id, label, backend, model_args) values (1, ?, 'bench', ?) returning id");
  const insertRun = c.prepare("insert into runs (status, model, model_args, tasks, params, created_by_id, model_version_id, finished_at) values ('succeeded', 'bench', '', ?, '{}', ?, ?, ?) returning id");
  const insertIngest = c.prepare("insert into ingests (run_id, status, content_hash, started_at, committed_at, search_indexed) values (?, 'committed', ?, 0, 0, 1) returning id");
  const insertResult = c.prepare("insert into run_results (run_id, ingest_id, content_hash, results_file, raw_json, sample_count, request_failed_count, budget_exceeded_count, lmms_eval_version) values (?, ?, ?, 'r.json', '{}', ?, 0, 0, 'bench')");
  const insertMetric = c.prepare("insert into run_metrics (run_id, task, metric, filter, value, stderr, n, higher_is_better, is_group) values (?, ?, 'acc', 'none', ?, ?, 1000, 1, 0)");
  const insertTask = c.prepare("insert into run_tasks (run_id, task, is_group, subtasks, sample_count) values (?, ?, 0, '[]', ?)");
  const insertSample = c.prepare("insert into samples (ingest_id, run_id, task, doc_id, target, response, scores, primary_metric, primary_score, correct, input) values (?, ?, ?, ?, 'A', ?, '{}', 'acc', ?, ?, ?)");
  let seedValue = 42;
  const random = () => ((seedValue = (seedValue * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);

  const run = (versionId: number | null, tasks: string[]) => {
    const id = (insertRun.get(JSON.stringify(tasks), user, versionId, Date.now()) as { id: number }).id;
    const ingest = (insertIngest.get(id, `h${id}`) as { id: number }).id;
    insertResult.run(id, ingest, `h${id}`, 0);
    return { id, ingest };
  };

  c.transaction(() => {
    for (let v = 0; v < VERSIONS; v++) {
      const versionId = (insertVersion.get(`v${v}`, `step=${v}`) as { id: number }).id;
      const tasks = Array.from({ length: BENCHMARKS }, (_, b) => `bench_${b}`);
      const { id } = run(versionId, tasks);
      for (const task of tasks) {
        const value = 0.3 + 0.4 * random();
        insertMetric.run(id, task, value, Math.sqrt((value * (1 - value)) / 999));
      }
    }
  })();

  const compareRunIds: number[] = [];
  c.transaction(() => {
    for (let r = 0; r < 5; r++) {
      const tasks = Array.from({ length: 50 }, (_, t) => `cmp_${t}`);
      const { id, ingest } = run(null, tasks);
      compareRunIds.push(id);
      for (const task of tasks) {
        let correct = 0;
        for (let d = 0; d < 1000; d++) {
          const ok = random() < 0.5 + r * 0.02 ? 1 : 0;
          correct += ok;
          insertSample.run(ingest, id, task, d, ok ? "A" : "B", ok, ok, `q${d}`);
        }
        const p = correct / 1000;
        insertMetric.run(id, task, p, Math.sqrt((p * (1 - p)) / 999));
        insertTask.run(id, task, 1000);
      }
    }
  })();

  const diffRuns: number[] = [];
  c.transaction(() => {
    for (let r = 0; r < 2; r++) {
      const { id, ingest } = run(null, ["big"]);
      diffRuns.push(id);
      for (let d = 0; d < 100_000; d++) {
        const ok = random() < 0.6 ? 1 : 0;
        insertSample.run(ingest, id, "big", d, ok ? "A" : "B", ok, ok, `question ${d}`);
      }
      insertTask.run(id, "big", 100_000);
    }
  })();
  return { compareRunIds, diffRunIds: [diffRuns[0], diffRuns[1]] };
}

function time(fn: () => unknown, repeats: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t = performance.now();
    fn();
    out.push(performance.now() - t);
  }
  return out;
}

function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-compare-"));
  const db = openDatabase(path.join(dir, "bench.db"));
  applyMigrations(db);
  const { compareRunIds, diffRunIds } = seed(db);
  const ctx = { actor: { id: 1, email: "b@x.org", name: "b", role: "admin" as const }, via: "cli" as const };

  // The first board a web process shows reads every metric row once (afterwards only appended rows).
  const boardStart = time(() => getBoard({ db, ctx, input: { baseline: "v:1" } }), 1);
  // New results were just ingested (a metric row appears): the board reads the new rows and recomputes.
  const bump = db.$client.prepare("insert into run_metrics (run_id, task, metric, filter, value, n, is_group) values (1, ?, 'acc', 'none', 0.5, 1000, 0)");
  let bumps = 0;
  const boardCold = time(() => {
    bump.run(`bench_new_${bumps++}`);
    return getBoard({ db, ctx, input: { baseline: "v:1" } });
  }, 10);
  // Another sort column each time: the computed board is reused, only its rows are re-sorted.
  let sorts = 0;
  const boardResort = time(() => getBoard({ db, ctx, input: { baseline: "v:1", sort: `bench_${sorts++}|acc|none` } }), 10);
  // Another baseline each time: deltas, z-tests and Holm change, so the board is recomputed from the metrics already read.
  let baselines = 2;
  const boardView = time(() => getBoard({ db, ctx, input: { baseline: `v:${baselines++}` } }), 10);
  getBoard({ db, ctx, input: { baseline: "v:1" } });
  const board = time(() => getBoard({ db, ctx, input: { baseline: "v:1" } }), 10);
  const boardSql = time(() => db.$client.prepare("select rm.* from run_metrics rm join runs r on r.id = rm.run_id and r.status = 'succeeded'").all(), 10);
  // Each run as the reference once: every paired test is new. Then the same view again: paired tests are reused
  // (an ingest's samples never change).
  let reference = 0;
  const comparisonFirst = time(() => compareRuns({ db, ctx, input: { runs: compareRunIds.join(","), reference: compareRunIds[reference++] } }), compareRunIds.length);
  const comparison = time(() => compareRuns({ db, ctx, input: { runs: compareRunIds.join(","), reference: compareRunIds[0] } }), 10);
  const comparisonSql = time(() => db.$client.prepare(`select * from run_metrics where run_id in (${compareRunIds.join(",")})`).all(), 10);
  const diffCounts = time(() => sampleDiff({ db, ctx, input: { base: diffRunIds[0], other: diffRunIds[1], task: "big" } }), 20);
  const diffPage = time(() => sampleDiff({ db, ctx, input: { base: diffRunIds[0], other: diffRunIds[1], task: "big", bucket: "broken", cursor: 50_000 } }), 20);
  const diffSql = time(() => db.$client.prepare("select count(*) from samples where ingest_id in (select ingest_id from run_results where run_id = ?) and task = 'big'").get(diffRunIds[0]), 20);

  const row = (name: string, ms: number[], baseline: number[], baselineName: string) => ({
    measure: name,
    value: `p50 ${fmt(percentile(ms, 50))} ms, p95 ${fmt(percentile(ms, 95))} ms`,
    baseline: `${baselineName}: p50 ${fmt(percentile(baseline, 50))} ms, p95 ${fmt(percentile(baseline, 95))} ms`,
  });
  console.log(`\nbench:compare on ${machine()}\n`);
  console.log(
    table([
      row(`board, ${VERSIONS} versions × ${BENCHMARKS} benchmarks, baseline pinned: repeat view`, board, boardSql, "bare SQL read of the same metric rows"),
      row("board, sorted by another column", boardResort, boardSql, "bare SQL read of the same metric rows"),
      row("board, another baseline (recomputed: deltas, z-tests, Holm, tie ranks)", boardView, boardSql, "bare SQL read of the same metric rows"),
      row("board, the first one a web process shows (reads all metric rows once, computes; n = 1)", boardStart, boardSql, "bare SQL read of the same metric rows"),
      row("board, first view after a new run's results (reads its metric rows, recomputes)", boardCold, boardSql, "bare SQL read of the same metric rows"),
      row("run comparison, 5 runs × 50 tasks, first view (200 paired McNemar tests on 1000 shared samples each, Holm)", comparisonFirst, comparisonSql, "bare SQL read of their metrics"),
      row("run comparison, the same view again (paired tests reused)", comparison, comparisonSql, "bare SQL read of their metrics"),
      row("per-sample diff counts, two 100k-sample runs (one indexed join)", diffCounts, diffSql, "count(*) of one run's samples"),
      row("per-sample diff, one page of a bucket at 50 % depth", diffPage, diffSql, "count(*) of one run's samples"),
    ]),
  );
  db.$client.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

main();
