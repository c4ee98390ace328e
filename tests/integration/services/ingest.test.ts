import fs from "node:fs";
import path from "node:path";
import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { DB } from "@/db/client";
import { ingests, runMetrics, runResults, runs, runTasks, samples } from "@/db/schema";
import { locateResultFiles, type LocatedRunFiles } from "@/lib/lmms-eval/ingest";
import { maskSecretsInJsonText } from "@/lib/lmms-eval/secret-values";
import { ingestRunFiles } from "@/lib/services/results/ingest-run-files";
import { buildSearchIndex } from "@/lib/services/results/search-index";
import { listSamples } from "@/lib/services/results/list-samples";
import { ctxFor, freshDb, insertUser } from "../../helpers/db";
import { tempDir } from "../../helpers/standin";

const FIXTURES = path.resolve(import.meta.dirname, "..", "..", "fixtures");

function newRun(db: DB): number {
  const user = insertUser(db, "member");
  return db.insert(runs).values({ status: "succeeded", source: "imported", model: "x", tasks: [], params: {}, createdById: user.id }).returning().get().id;
}

async function only(folder: string): Promise<LocatedRunFiles> {
  const located = await locateResultFiles(folder);
  expect(located).toHaveLength(1);
  return located[0];
}

const countSamples = (db: DB) => db.select({ n: count() }).from(samples).get()!.n;
const countFts = (db: DB) => (db.$client.prepare("select count(*) n from samples_fts").get() as { n: number }).n;

describe("ingest", () => {
  it("fixture A (openai, mme + ai2d): metrics with stderrs, dict scores → score + category, usage/throughput kept", async () => {
    const db = freshDb();
    const runId = newRun(db);
    const files = await only(path.join(FIXTURES, "lmms-eval", "A_openai_mme_ai2d"));
    const out = await ingestRunFiles(db, { runId, files });
    expect(out.skipped).toBe(false);
    const metrics = db.select().from(runMetrics).where(eq(runMetrics.runId, runId)).all();
    const ai2d = metrics.find((m) => m.task === "ai2d")!;
    expect(ai2d).toMatchObject({ metric: "exact_match", filter: "flexible-extract", n: 3088 });
    expect(ai2d.stderr).toBeCloseTo(0.006704, 5);
    const perception = metrics.find((m) => m.metric === "mme_perception_score")!;
    expect(perception).toMatchObject({ stderr: null, n: 2374 });
    expect(perception.stderrClt).toBeGreaterThan(0);
    const mme = db.select().from(samples).where(eq(samples.task, "mme")).all();
    expect(mme[0]).toMatchObject({ docId: 0, category: "code_reasoning", primaryScore: 1, correct: true, target: "Yes", response: "Yes" });
    expect(JSON.parse(mme[0].inputMedia!)).toEqual(["code_reasoning/0020.png"]);
    const result = db.select().from(runResults).where(eq(runResults.runId, runId)).get()!;
    expect(result.usage).not.toBeNull();
    expect(result.throughput).not.toBeNull();
    // Everything lmms-eval wrote, byte for byte, except credential values (its own `[REDACTED]` becomes `***`).
    expect(result.rawJson).toBe(maskSecretsInJsonText(fs.readFileSync(files.resultsPath, "utf8")));
    expect(result.rawJson).toContain("api_key=***");
    // The search index is built after the commit, in one pass.
    expect(countFts(db)).toBe(0);
    await buildSearchIndex(db, out.ingestId);
    expect(countFts(db)).toBe(countSamples(db));
  });

  it("search gives the same answers before (scan) and after the index is built", async () => {
    const db = freshDb();
    const runId = newRun(db);
    const admin = insertUser(db, "admin");
    const out = await ingestRunFiles(db, { runId, files: await only(path.join(FIXTURES, "lmms-eval", "A_openai_mme_ai2d")) });
    const search = (q: string) => listSamples({ db, ctx: ctxFor(admin), runId, input: { task: "mme", q } }).items.map((s) => s.docId);
    const before = { python: search("python code"), percent: search("100%_") };
    expect(before.python.length).toBeGreaterThan(0);
    await buildSearchIndex(db, out.ingestId);
    expect(search("python code")).toEqual(before.python);
    expect(search("100%_")).toEqual(before.percent);
  });

  it("fixture B (dummy, files at the top of the folder) and the hand-made edge cases", async () => {
    const db = freshDb();
    const b = newRun(db);
    await ingestRunFiles(db, { runId: b, files: await only(path.join(FIXTURES, "lmms-eval", "B_dummy_offline_toy", "logs")) });
    const toy = db.select().from(samples).where(eq(samples.runId, b)).all();
    expect(toy.map((s) => s.correct)).toEqual([true, false, true, false, true, false]);
    expect(db.select().from(runResults).where(eq(runResults.runId, b)).get()).toMatchObject({ usage: null, throughput: null, sampleCount: 6 });

    const edge = newRun(db);
    await ingestRunFiles(db, { runId: edge, files: await only(path.join(FIXTURES, "ingest-edge", "grouped")) });
    const tasks = db.select().from(runTasks).where(eq(runTasks.runId, edge)).all();
    expect(tasks.some((t) => t.isGroup)).toBe(true);
    const result = db.select().from(runResults).where(eq(runResults.runId, edge)).get()!;
    expect(result.requestFailedCount).toBeGreaterThan(0);
    expect(result.budgetExceededCount).toBeGreaterThan(0);
    expect(result.rawJson).toContain("NaN");
  });

  it("the failed-request filter: failed=true lists exactly the failed and over-budget samples, failed=false the rest", async () => {
    const db = freshDb();
    const runId = newRun(db);
    const admin = ctxFor(insertUser(db, "admin"));
    await ingestRunFiles(db, { runId, files: await only(path.join(FIXTURES, "ingest-edge", "grouped")) });
    const page = (input: Record<string, unknown>) => listSamples({ db, ctx: admin, runId, input: { task: "mmbench_en", ...input } });
    // The hand-made file: doc 0 a request that failed after retries, doc 2 over the token budget, docs 1 and 3 answered.
    const failed = page({ failed: "true" });
    expect(failed.items.map((s) => [s.docId, s.failure])).toEqual([
      [0, "request_failed"],
      [2, "budget_exceeded"],
    ]);
    expect(failed).toMatchObject({ total: 2, totalIsLowerBound: false, nextCursor: null });
    expect(page({ failed: "false" }).items.map((s) => [s.docId, s.failure])).toEqual([
      [1, null],
      [3, null],
    ]);
    expect(page({ failed: "any" }).items.map((s) => s.docId)).toEqual([0, 1, 2, 3]);
    // Paged, the total is still the filtered count, not the task's.
    const first = page({ failed: "true", limit: 1 });
    expect(first).toMatchObject({ total: 2, nextCursor: 0 });
    expect(page({ failed: "true", limit: 1, cursor: first.nextCursor }).items.map((s) => s.docId)).toEqual([2]);
    // Combined with the other filters; and an unknown value is refused, not ignored.
    expect(page({ failed: "true", q: "sign" }).items.map((s) => s.docId)).toEqual([0]);
    expect(() => page({ failed: "yes" })).toThrow(/failed must be true, false or any/);
    // Another task of the same run has no failures.
    expect(listSamples({ db, ctx: admin, runId, input: { task: "toy_a", failed: "true" } }).items).toEqual([]);
  });

  it("is idempotent: the same files twice change nothing", async () => {
    const db = freshDb();
    const runId = newRun(db);
    const files = await only(path.join(FIXTURES, "lmms-eval", "A_openai_mme_ai2d"));
    const first = await ingestRunFiles(db, { runId, files });
    const before = { samples: countSamples(db), metrics: db.select().from(runMetrics).all().length };
    const second = await ingestRunFiles(db, { runId, files });
    expect(second).toMatchObject({ skipped: true, ingestId: first.ingestId });
    expect({ samples: countSamples(db), metrics: db.select().from(runMetrics).all().length }).toEqual(before);
  });

  it("is atomic: a failure mid-way leaves zero rows (and keeps a previous ingest intact)", async () => {
    const db = freshDb();
    const runId = newRun(db);
    const files = await only(path.join(FIXTURES, "lmms-eval", "A_openai_mme_ai2d"));
    await expect(ingestRunFiles(db, { runId, files, failAfterSamples: 3 })).rejects.toThrow("injected failure");
    expect(countSamples(db)).toBe(0);
    expect(countFts(db)).toBe(0);
    expect(db.select().from(ingests).all()).toHaveLength(0);
    expect(db.select().from(runMetrics).all()).toHaveLength(0);
    expect(db.select().from(runResults).all()).toHaveLength(0);

    // With a committed ingest in place, a failing re-ingest of changed files leaves the old one untouched.
    await ingestRunFiles(db, { runId, files });
    const committed = countSamples(db);
    const dir = tempDir("ingest-changed-");
    fs.cpSync(path.dirname(files.resultsPath), dir, { recursive: true });
    const changed = await only(dir);
    fs.appendFileSync(changed.samples[0].path, "\n");
    await expect(ingestRunFiles(db, { runId, files: changed, failAfterSamples: 2 })).rejects.toThrow("injected failure");
    expect(countSamples(db)).toBe(committed);
    expect(db.select().from(ingests).all().map((i) => i.status)).toEqual(["committed"]);
  });

  it("a malformed JSONL line rejects the whole ingest with file and line number", async () => {
    const db = freshDb();
    const runId = newRun(db);
    const dir = tempDir("ingest-bad-");
    fs.cpSync(path.join(FIXTURES, "lmms-eval", "B_dummy_offline_toy", "logs", "offline_smoke"), dir, { recursive: true });
    const files = await only(dir);
    const lines = fs.readFileSync(files.samples[0].path, "utf8").split("\n");
    lines.splice(3, 0, "{not json");
    fs.writeFileSync(files.samples[0].path, lines.join("\n"));
    await expect(ingestRunFiles(db, { runId, files })).rejects.toThrow(/20260806_113012_samples_toy_qa\.jsonl:4/);
    expect(countSamples(db)).toBe(0);
    expect(db.select().from(runMetrics).all()).toHaveLength(0);
  });

  it("rejects a samples file for a task the results do not list, and a results file without `results`", async () => {
    const db = freshDb();
    const runId = newRun(db);
    const dir = tempDir("ingest-extra-");
    fs.cpSync(path.join(FIXTURES, "lmms-eval", "B_dummy_offline_toy", "logs", "offline_smoke"), dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "20260806_113012_samples_other_task.jsonl"), '{"doc_id": 0, "target": "A", "filtered_resps": "A", "exact_match": 1.0, "input": "q"}\n');
    await expect(ingestRunFiles(db, { runId, files: await only(dir) })).rejects.toThrow(/task "other_task", which 20260806_113012_results\.json does not list/);
    const noResults = tempDir("ingest-noresults-");
    fs.writeFileSync(path.join(noResults, "20260101_000000_results.json"), '{"configs": {}}');
    await expect(ingestRunFiles(db, { runId, files: await only(noResults) })).rejects.toThrow(/results/);
    expect(countSamples(db)).toBe(0);
  });
});
