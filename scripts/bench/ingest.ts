import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase, type DB } from "../../db/client";
import { runs } from "../../db/schema";
import { locateResultFiles } from "../../lib/lmms-eval/ingest";
import { ingestRunFiles } from "../../lib/services/results/ingest-run-files";
import { listSamples } from "../../lib/services/results/list-samples";
import { buildSearchIndex } from "../../lib/services/results/search-index";
import { copyOf, realisticDb, samplesArg, writeRunFolder } from "./realistic-db";
import { fmt, machine, percentile, table, timeCalls } from "./stats";

/**
 * npm run bench:ingest [-- --samples 10000000]
 * On a copy of the realistic database (1M samples in 100 runs by default; 10M in 154 runs with --samples 10000000):
 * 1. the ingest of a 200k-sample run through the app's ingest, beside the machine's ceiling measured in the same run
 *    (JSON.parse of every line + one prepared insert per row in one transaction, no app code), then its search index;
 * 2. the samples page and search (common words, a rare word, no match; a 5k-sample task and the 214k-sample one),
 *    each beside a LIKE scan of the same task in the same run — what search would cost without an index.
 * Peak RSS of the whole process.
 */
const INGEST_SAMPLES = 200_000;
const REPEATS = 50;

/**
 * The machine's ceiling: JSON.parse of every line + one prepared insert per row in one transaction, no app code, into
 * a SQLite file on the same disk with the app's settings (WAL, synchronous=NORMAL, cache). An in-memory database would
 * hide the page writes every real ingest pays.
 */
function ceiling(samplesFile: string, dir: string): number {
  const db = openDatabase(path.join(dir, "ceiling.db")).$client;
  db.exec("create table s (id integer primary key, doc_id integer, target text, response text, score real, input text, raw text)");
  const insert = db.prepare("insert into s (doc_id, target, response, score, input, raw) values (?, ?, ?, ?, ?, ?)");
  const lines = fs.readFileSync(samplesFile, "utf8").split("\n");
  const t0 = performance.now();
  db.transaction(() => {
    for (const line of lines) {
      if (!line) continue;
      const r = JSON.parse(line);
      insert.run(r.doc_id, r.target, JSON.stringify(r.filtered_resps), r.exact_match, r.input, line);
    }
  })();
  const seconds = (performance.now() - t0) / 1000;
  db.close();
  return seconds;
}

const timeIt = (fn: () => unknown, repeats = REPEATS) => timeCalls(fn, repeats);

/** What a search costs without the index: the task's rows scanned with LIKE for a page and a count up to 10,000. */
function likeScan(db: DB, runId: number, task: string, q: string): () => void {
  const words = q.match(/[\p{L}\p{N}]+/gu) ?? [];
  const where = `s.ingest_id = (select ingest_id from run_results where run_id = ?) and s.task = ?${words.map(() => " and (s.input like ? or s.target like ? or s.response like ?)").join("")}`;
  const params = [runId, task, ...words.flatMap((w) => Array(3).fill(`%${w}%`))];
  const page = db.$client.prepare(`select s.* from samples s where ${where} order by s.doc_id limit 51`);
  const count = db.$client.prepare(`select count(*) from (select 1 from samples s where ${where} limit 10001)`);
  return () => {
    page.all(...params);
    count.get(...params);
  };
}

const ms = (times: number[]) => `p50 ${fmt(percentile(times, 50), 2)} ms, p95 ${fmt(percentile(times, 95), 2)} ms`;

async function main() {
  const samples = samplesArg();
  const { file, info } = await realisticDb({ samples });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-ingest-"));
  try {
    const db = openDatabase(copyOf(file, dir));
    const folder = path.join(dir, "run");
    fs.mkdirSync(folder);
    writeRunFolder(folder, INGEST_SAMPLES);
    const [files] = await locateResultFiles(folder);
    const bytes = files.samples.reduce((n, f) => n + fs.statSync(f.path).size, 0);
    const mb = bytes / 1024 ** 2;
    const ceilingSeconds = ceiling(files.samples[0].path, dir);

    const run = db.insert(runs).values({ status: "succeeded", source: "imported", model: "bench", tasks: [files.samples[0].task], params: {}, createdById: info.adminId }).returning().get();
    const t0 = performance.now();
    const outcome = await ingestRunFiles(db, { runId: run.id, files });
    const ingestSeconds = (performance.now() - t0) / 1000;
    const t1 = performance.now();
    await buildSearchIndex(db, outcome.ingestId);
    const indexSeconds = (performance.now() - t1) / 1000;
    const peakRssMb = process.resourceUsage().maxRSS / 1024;

    const ctx = { actor: { id: info.adminId, email: "bench-admin@example.org", name: "bench admin", role: "admin" as const }, via: "cli" as const };
    const scopes = [
      { ...info.typicalRun, label: `${info.typicalRun.samples.toLocaleString("en")}-sample task`, rare: info.words.rareInTypical },
      { ...info.largeRun, label: `${info.largeRun.samples.toLocaleString("en")}-sample task`, rare: info.words.rareInLarge },
    ];
    const rows: Array<Record<string, string>> = [
      {
        measure: `ingest of a ${INGEST_SAMPLES.toLocaleString("en")}-sample run (${fmt(mb, 0)} MB of JSONL): results visible`,
        value: `${fmt(INGEST_SAMPLES / ingestSeconds, 0)} samples/s, ${fmt(mb / ingestSeconds)} MB/s (${fmt(ingestSeconds)} s)`,
        baseline: `ceiling ${fmt(INGEST_SAMPLES / ceilingSeconds, 0)} samples/s → ${fmt((100 * ceilingSeconds) / ingestSeconds, 0)} % of it`,
      },
      { measure: "its search index, built after the run is shown", value: `${fmt(indexSeconds)} s (${fmt(INGEST_SAMPLES / indexSeconds, 0)} samples/s)`, baseline: "" },
      { measure: "peak RSS of the benchmark process", value: `${fmt(peakRssMb, 0)} MB`, baseline: "" },
    ];
    for (const scope of scopes) {
      const page = (input: Record<string, unknown>) => () => listSamples({ db, ctx, runId: scope.runId, input: { task: scope.task, ...input } });
      rows.push({ measure: `samples page (50), ${scope.label}, no filter`, value: ms(timeIt(page({}))), baseline: "" });
      rows.push({ measure: `  incorrect only, at 90 % depth (cursor)`, value: ms(timeIt(page({ correct: "false", cursor: Math.floor(scope.samples * 0.9) }))), baseline: "" });
      for (const [name, q] of [
        ["a word in nearly every sample", info.words.common],
        ["two such words", info.words.commonPair],
        ["a word in one sample", scope.rare],
        ["a word in none", info.words.absent],
      ] as const) {
        rows.push({ measure: `  search, ${name} ("${q}")`, value: ms(timeIt(page({ q }))), baseline: `LIKE scan of the task: ${ms(timeIt(likeScan(db, scope.runId, scope.task, q), 10))}` });
      }
      rows.push({ measure: `  search "${info.words.common}", incorrect only, page 2`, value: ms(timeIt(page({ q: info.words.common, correct: "false", cursor: 200 }))), baseline: "" });
    }
    const fresh = { runId: run.id, task: files.samples[0].task };
    rows.push({
      measure: `search "${info.words.common}" in the run just ingested (${INGEST_SAMPLES.toLocaleString("en")} samples)`,
      value: ms(timeIt(() => listSamples({ db, ctx, runId: fresh.runId, input: { task: fresh.task, q: info.words.common } }))),
      baseline: `LIKE scan: ${ms(timeIt(likeScan(db, fresh.runId, fresh.task, info.words.common), 10))}`,
    });
    console.log(`\nbench:ingest on ${machine()}: a database of ${info.samples.toLocaleString("en")} samples in ${info.sampleRuns} runs (+ 500 runs of 200 benchmarks)\n`);
    console.log(table(rows));
    db.$client.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main();
