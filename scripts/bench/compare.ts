import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase, type DB } from "../../db/client";
import { getBoard } from "../../lib/services/compare/board";
import { compareRuns } from "../../lib/services/compare/compare-runs";
import { sampleDiff } from "../../lib/services/compare/sample-diff";
import { copyOf, realisticDb, samplesArg } from "./realistic-db";
import { fmt, machine, percentile, table, timeCalls as time } from "./stats";

/**
 * npm run bench:compare [-- --samples 10000000]
 * On a copy of the realistic database (its board: 500 model versions × 200 benchmarks, plus 100+ runs of real
 * tasks): the board's server time — first view, repeat, re-sort, another baseline (a full recompute), and the first
 * view after a new run's results — then a comparison of 5 runs × 50 tasks (paired McNemar per metric on 1000 shared
 * samples each) and the per-sample diff of two 100k-sample runs, seeded beside the realistic ones. Each beside the
 * bare SQL read of the same rows (no shaping, no statistics), measured in the same run.
 */

function seedComparisons(db: DB, adminId: number): { compareRunIds: number[]; diffRunIds: [number, number] } {
  const c = db.$client;
  const insertRun = c.prepare("insert into runs (status, model, model_args, tasks, params, created_by_id, finished_at) values ('succeeded', 'bench', '', ?, '{}', ?, ?) returning id");
  const insertIngest = c.prepare("insert into ingests (run_id, status, content_hash, started_at, committed_at, search_indexed) values (?, 'committed', ?, 0, 0, 1) returning id");
  const insertResult = c.prepare("insert into run_results (run_id, ingest_id, content_hash, results_file, raw_json, sample_count, request_failed_count, budget_exceeded_count, lmms_eval_version) values (?, ?, ?, 'r.json', '{}', ?, 0, 0, 'bench')");
  const insertMetric = c.prepare("insert into run_metrics (run_id, task, metric, filter, value, stderr, n, higher_is_better, is_group) values (?, ?, 'acc', 'none', ?, ?, 1000, 1, 0)");
  const insertTask = c.prepare("insert into run_tasks (run_id, task, is_group, subtasks, sample_count) values (?, ?, 0, '[]', ?)");
  const insertSample = c.prepare("insert into samples (ingest_id, run_id, task, doc_id, target, response, scores, primary_metric, primary_score, correct, input) values (?, ?, ?, ?, 'A', ?, '{}', 'acc', ?, ?, ?)");
  let seedValue = 42;
  const random = () => ((seedValue = (seedValue * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const run = (tasks: string[]) => {
    const id = (insertRun.get(JSON.stringify(tasks), adminId, Date.now()) as { id: number }).id;
    const ingest = (insertIngest.get(id, `cmp${id}`) as { id: number }).id;
    insertResult.run(id, ingest, `cmp${id}`, 0);
    return { id, ingest };
  };
  const compareRunIds: number[] = [];
  c.transaction(() => {
    for (let r = 0; r < 5; r++) {
      const tasks = Array.from({ length: 50 }, (_, t) => `cmp_${t}`);
      const { id, ingest } = run(tasks);
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
      const { id, ingest } = run(["big"]);
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

/** A new succeeded run of an existing version with results on `benchmarks` of the board's columns (what an ingest writes). */
function newRunResults(db: DB, adminId: number, versionId: number, benchmarks: string[]): void {
  const c = db.$client;
  c.transaction(() => {
    const at = Date.now();
    const id = (c.prepare("insert into runs (status, source, model, model_args, tasks, params, created_by_id, model_version_id, created_at, finished_at, lmms_eval_version) values ('succeeded', 'imported', 'openai', '', ?, '{}', ?, ?, ?, ?, '0.7.3') returning id").get(JSON.stringify(benchmarks), adminId, versionId, at, at) as { id: number }).id;
    const ingest = (c.prepare("insert into ingests (run_id, status, content_hash, started_at, committed_at, search_indexed) values (?, 'committed', ?, ?, ?, 1) returning id").get(id, `new${id}`, at, at) as { id: number }).id;
    c.prepare("insert into run_results (run_id, ingest_id, content_hash, results_file, raw_json, sample_count, request_failed_count, budget_exceeded_count, lmms_eval_version) values (?, ?, ?, 'r.json', '{}', 0, 0, 0, '0.7.3')").run(id, ingest, `new${id}`);
    const metric = c.prepare("insert into run_metrics (run_id, task, metric, filter, value, stderr_clt, n, higher_is_better, is_group, task_version) values (?, ?, 'exact_match', 'none', ?, 0.015, 1000, 1, 0, '0')");
    for (const task of benchmarks) metric.run(id, task, 0.3 + 0.4 * Math.random());
  })();
}

async function main() {
  const samples = samplesArg();
  const { file, info } = await realisticDb({ samples });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-compare-"));
  try {
    const db = openDatabase(copyOf(file, dir));
    const { compareRunIds, diffRunIds } = seedComparisons(db, info.adminId);
    const ctx = { actor: { id: info.adminId, email: "bench-admin@example.org", name: "bench admin", role: "admin" as const }, via: "cli" as const };
    const versions = db.$client.prepare("select id from model_versions order by id").pluck().all() as number[];
    const view = { baseline: `v:${versions[0]}` };

    // The first board a web process shows reads every metric row once (afterwards only appended rows).
    const boardStart = time(() => getBoard({ db, ctx, input: view }), 1);
    // A new run's results (20 of the board's benchmarks, another version each time), then the next view of the board.
    const boardNewResults: number[] = [];
    for (let i = 0; i < 20; i++) {
      newRunResults(db, info.adminId, versions[(i * 37 + 11) % versions.length], Array.from({ length: 20 }, (_, b) => `board_bench_${String((i * 7 + b * 9) % 200).padStart(3, "0")}`));
      boardNewResults.push(...time(() => getBoard({ db, ctx, input: view }), 1));
    }
    // Another sort column each time: the computed board is reused, only its rows are re-sorted.
    const boardResort = time((i) => getBoard({ db, ctx, input: { ...view, sort: `board_bench_${String(i).padStart(3, "0")}|exact_match|none` } }), 10);
    // Another baseline each time: a view not computed yet, so the whole board is computed.
    const boardOtherBaseline = time((i) => getBoard({ db, ctx, input: { baseline: `v:${versions[i + 1]}` } }), 10);
    getBoard({ db, ctx, input: view });
    const boardRepeat = time(() => getBoard({ db, ctx, input: view }), 10);
    const boardSql = time(() => db.$client.prepare("select rm.* from run_metrics rm join runs r on r.id = rm.run_id and r.status = 'succeeded'").all(), 10);
    const cells = (db.$client.prepare("select count(*) from run_metrics").pluck().get() as number).toLocaleString("en");

    // Each run as the reference once: every paired test is new. Then the same view again: paired tests are reused.
    const comparisonFirst = time((i) => compareRuns({ db, ctx, input: { runs: compareRunIds.join(","), reference: compareRunIds[i] } }), compareRunIds.length);
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
    console.log(`\nbench:compare on ${machine()}: a database of ${info.samples.toLocaleString("en")} samples in ${info.sampleRuns} runs, ${cells} metric rows\n`);
    console.log(
      table([
        row("board, the first one a web process shows (reads every metric row once, computes; n = 1)", boardStart, boardSql, "bare SQL read of the metric rows"),
        row("board, first view after a new run's results (20 benchmarks; n = 20)", boardNewResults, boardSql, "bare SQL read of the metric rows"),
        row("board, repeat view", boardRepeat, boardSql, "bare SQL read of the metric rows"),
        row("board, sorted by another column", boardResort, boardSql, "bare SQL read of the metric rows"),
        row("board, another baseline (a view not computed yet: the whole board)", boardOtherBaseline, boardSql, "bare SQL read of the metric rows"),
        row("run comparison, 5 runs × 50 tasks, first view (200 paired McNemar tests on 1000 shared samples each, Holm)", comparisonFirst, comparisonSql, "bare SQL read of their metrics"),
        row("run comparison, the same view again (paired tests reused)", comparison, comparisonSql, "bare SQL read of their metrics"),
        row("per-sample diff counts, two 100k-sample runs (one indexed join)", diffCounts, diffSql, "count(*) of one run's samples"),
        row("per-sample diff, one page of a bucket at 50 % depth", diffPage, diffSql, "count(*) of one run's samples"),
      ]),
    );
    db.$client.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main();
