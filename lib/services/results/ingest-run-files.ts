import fs from "node:fs";
import path from "node:path";
import { and, eq, lt } from "drizzle-orm";
import type { DB } from "@/db/client";
import { ingests, runMetrics, runResults, runs, runTasks } from "@/db/schema";
import {
  hashRunFiles,
  IngestError,
  parseResultsJson,
  readSamples,
  toStorableJson,
  type LocatedRunFiles,
  type ParsedResults,
} from "@/lib/lmms-eval/ingest";

/** Rows per write transaction: short enough that the other process's writes never wait long. */
const BATCH_SIZE = 2000;

export type IngestOutcome = { ingestId: number; skipped: boolean; sampleCount: number; parsed: ParsedResults };

type SampleCounters = { samples: number; requestFailed: number; budgetExceeded: number };

const json = (value: unknown): string | null => (value === undefined || value === null ? null : JSON.stringify(toStorableJson(value)));

/** Deletes an ingest's samples (and their search index entries) in short transactions, then the ingest row. */
export function purgeIngest(db: DB, ingestId: number): void {
  const client = db.$client;
  const pick = client.prepare("select id from samples where ingest_id = ? limit ?");
  const dropFts = client.prepare("delete from samples_fts where rowid = ?");
  const dropSample = client.prepare("delete from samples where id = ?");
  const dropBatch = client.transaction((ids: number[]) => {
    for (const id of ids) {
      dropFts.run(id);
      dropSample.run(id);
    }
  });
  for (;;) {
    const ids = (pick.all(ingestId, BATCH_SIZE) as Array<{ id: number }>).map((r) => r.id);
    if (ids.length === 0) break;
    dropBatch(ids);
  }
  db.delete(ingests).where(eq(ingests.id, ingestId)).run();
}

/** Staging ingests older than this belong to a process that died mid-ingest. */
const STALE_STAGING_MS = 60 * 60 * 1000;

export function purgeStaleIngests(db: DB, now = Date.now()): number {
  const stale = db
    .select({ id: ingests.id })
    .from(ingests)
    .where(and(eq(ingests.status, "staging"), lt(ingests.startedAt, new Date(now - STALE_STAGING_MS))))
    .all();
  for (const { id } of stale) purgeIngest(db, id);
  return stale.length;
}

function checkSamplesMatchResults(files: LocatedRunFiles, parsed: ParsedResults): void {
  const leafTasks = new Set(parsed.tasks.filter((t) => !t.isGroup).map((t) => t.name));
  for (const s of files.samples) {
    if (!leafTasks.has(s.task)) {
      throw new IngestError({
        file: path.basename(s.path),
        reason: `this samples file is for task "${s.task}", which ${path.basename(files.resultsPath)} does not list (its tasks: ${[...leafTasks].join(", ") || "none"})`,
      });
    }
  }
}

/**
 * The one ingest, for launched and imported runs alike: parses the results JSON, streams every samples JSONL line
 * into `samples` in batched transactions under a staging ingest, then commits metrics + results + the ingest in one
 * transaction. Idempotent (same content hash → nothing to do) and atomic (any error → the staged rows are purged and
 * the previous ingest, if any, stays). `failAfterSamples` exists for the atomicity test only.
 */
export async function ingestRunFiles(
  db: DB,
  opts: { runId: number; files: LocatedRunFiles; failAfterSamples?: number },
): Promise<IngestOutcome> {
  const { runId, files } = opts;
  const rawJson = await fs.promises.readFile(files.resultsPath, "utf8");
  const parsed = parseResultsJson(rawJson, path.basename(files.resultsPath));
  checkSamplesMatchResults(files, parsed);
  const contentHash = await hashRunFiles(files);

  const current = db.select().from(runResults).where(eq(runResults.runId, runId)).get();
  if (current?.contentHash === contentHash) {
    return { ingestId: current.ingestId, skipped: true, sampleCount: current.sampleCount, parsed };
  }

  const ingest = db.insert(ingests).values({ runId, status: "staging", contentHash, startedAt: new Date() }).returning().get();
  const counters = new Map<string, SampleCounters>();
  try {
    await stageSamples(db, ingest.id, runId, files, parsed, counters, opts.failAfterSamples);
    commitIngest(db, { runId, ingestId: ingest.id, contentHash, parsed, rawJson, resultsFile: files.resultsPath, counters });
  } catch (error) {
    purgeIngest(db, ingest.id);
    throw error;
  }
  if (current) purgeIngest(db, current.ingestId);
  const sampleCount = [...counters.values()].reduce((n, c) => n + c.samples, 0);
  return { ingestId: ingest.id, skipped: false, sampleCount, parsed };
}

async function stageSamples(
  db: DB,
  ingestId: number,
  runId: number,
  files: LocatedRunFiles,
  parsed: ParsedResults,
  counters: Map<string, SampleCounters>,
  failAfterSamples?: number,
): Promise<void> {
  const client = db.$client;
  const insertSample = client.prepare(
    `insert into samples (ingest_id, run_id, task, doc_id, target, response, filtered_resps, resps, scores, primary_metric,
       primary_score, correct, category, input, input_media, token_counts, input_tokens, output_tokens, failure)
     values (@ingestId, @runId, @task, @docId, @target, @response, @filteredResps, @resps, @scores, @primaryMetric,
       @primaryScore, @correct, @category, @input, @inputMedia, @tokenCounts, @inputTokens, @outputTokens, @failure)`,
  );
  const insertFts = client.prepare("insert into samples_fts (rowid, input, target, response) values (?, ?, ?, ?)");
  type Row = {
    ingestId: number;
    runId: number;
    task: string;
    docId: number;
    target: string | null;
    response: string;
    filteredResps: string | null;
    resps: string | null;
    scores: string;
    primaryMetric: string | null;
    primaryScore: number | null;
    correct: 0 | 1 | null;
    category: string | null;
    input: string | null;
    inputMedia: string | null;
    tokenCounts: string | null;
    inputTokens: number | null;
    outputTokens: number | null;
    failure: string | null;
  };
  const writeBatch = client.transaction((rows: Row[]) => {
    for (const row of rows) {
      const { lastInsertRowid } = insertSample.run(row);
      insertFts.run(lastInsertRowid, row.input ?? "", row.target ?? "", row.response);
    }
  });
  let staged = 0;
  for (const file of files.samples) {
    const primaryMetric = parsed.metrics.find((m) => m.task === file.task)?.metric;
    const count: SampleCounters = counters.get(file.task) ?? { samples: 0, requestFailed: 0, budgetExceeded: 0 };
    counters.set(file.task, count);
    let batch: Row[] = [];
    const samplesOfFile = readSamples(file.path, { task: file.task, fileName: path.basename(file.path), primaryMetric });
    let step = await samplesOfFile.next();
    while (!step.done) {
      const s = step.value;
      count.samples++;
      if (s.failure === "request_failed") count.requestFailed++;
      if (s.failure === "budget_exceeded") count.budgetExceeded++;
      batch.push({
        ingestId,
        runId,
        task: file.task,
        docId: s.docId,
        target: s.target,
        response: s.responseText,
        filteredResps: json(s.filteredResps),
        resps: json(s.resps),
        scores: JSON.stringify(toStorableJson(s.scores)),
        primaryMetric: s.primaryMetric,
        primaryScore: s.primaryScore,
        correct: s.correct === null ? null : s.correct ? 1 : 0,
        category: s.category,
        input: s.input,
        inputMedia: s.inputMedia.length ? JSON.stringify(s.inputMedia) : null,
        tokenCounts: json(s.tokenCounts),
        inputTokens: s.inputTokens,
        outputTokens: s.outputTokens,
        failure: s.failure,
      });
      if (batch.length >= BATCH_SIZE) {
        writeBatch(batch);
        batch = [];
      }
      staged++;
      if (failAfterSamples !== undefined && staged >= failAfterSamples) throw new Error(`injected failure after ${staged} samples`);
      step = await samplesOfFile.next();
    }
    if (batch.length) writeBatch(batch);
    // 0/1 values of graded metrics (e.g. anls) are scores, not right/wrong.
    const { nonBinaryMetrics } = step.value;
    if (nonBinaryMetrics.length) {
      client
        .prepare(`update samples set correct = null where ingest_id = ? and task = ? and primary_metric in (${nonBinaryMetrics.map(() => "?").join(",")})`)
        .run(ingestId, file.task, ...nonBinaryMetrics);
    }
  }
}

function commitIngest(
  db: DB,
  c: { runId: number; ingestId: number; contentHash: string; parsed: ParsedResults; rawJson: string; resultsFile: string; counters: Map<string, SampleCounters> },
): void {
  const { parsed } = c;
  const total = (key: keyof SampleCounters) => [...c.counters.values()].reduce((n, x) => n + x[key], 0);
  db.transaction(
    (tx) => {
      tx.update(ingests).set({ status: "superseded" }).where(and(eq(ingests.runId, c.runId), eq(ingests.status, "committed"))).run();
      tx.delete(runMetrics).where(eq(runMetrics.runId, c.runId)).run();
      tx.delete(runTasks).where(eq(runTasks.runId, c.runId)).run();
      for (const t of parsed.tasks) {
        const count = c.counters.get(t.name);
        tx.insert(runTasks)
          .values({
            runId: c.runId,
            task: t.name,
            alias: t.alias,
            isGroup: t.isGroup,
            parent: t.parent,
            subtasks: t.subtasks,
            version: t.version,
            nShot: t.nShot,
            nOriginal: t.nOriginal,
            nEffective: t.nEffective,
            config: toStorableJson(t.config) as Record<string, unknown> | null,
            higherIsBetter: t.higherIsBetter,
            sampleCount: count?.samples ?? 0,
            requestFailedCount: count?.requestFailed ?? 0,
            budgetExceededCount: count?.budgetExceeded ?? 0,
          })
          .run();
      }
      for (const m of parsed.metrics) {
        tx.insert(runMetrics)
          .values({
            runId: c.runId,
            task: m.task,
            metric: m.metric,
            filter: m.filter,
            value: m.value,
            valueRaw: toStorableJson(m.valueRaw),
            stderr: m.stderr,
            stderrClt: m.stderrClt,
            stderrClustered: m.stderrClustered,
            n: m.n,
            nOriginal: m.nOriginal,
            higherIsBetter: m.higherIsBetter,
            isGroup: m.isGroup,
            groupName: m.group,
            taskVersion: m.taskVersion,
            nShot: m.nShot,
            extras: Object.keys(m.extras).length ? (toStorableJson(m.extras) as Record<string, unknown>) : null,
          })
          .run();
      }
      const values = {
        ingestId: c.ingestId,
        contentHash: c.contentHash,
        resultsFile: c.resultsFile,
        rawJson: c.rawJson,
        modelSource: parsed.modelSource,
        modelName: parsed.modelName,
        modelArgs: parsed.modelArgs,
        config: toStorableJson(parsed.config) as Record<string, unknown> | null,
        lmmsEvalVersion: parsed.lmmsEvalVersion,
        gitHash: parsed.gitHash,
        evaluatedAt: parsed.date ? new Date(parsed.date) : null,
        dateTimezone: parsed.dateTimezone,
        totalEvaluationSeconds: parsed.totalEvaluationSeconds,
        throughput: toStorableJson(parsed.throughput) as Record<string, unknown> | null,
        usage: toStorableJson(parsed.usage) as Record<string, unknown> | null,
        efficiency: toStorableJson(parsed.efficiency) as Record<string, unknown> | null,
        sampleCount: total("samples"),
        requestFailedCount: total("requestFailed"),
        budgetExceededCount: total("budgetExceeded"),
      };
      tx.insert(runResults).values({ runId: c.runId, ...values }).onConflictDoUpdate({ target: runResults.runId, set: values }).run();
      tx.update(ingests).set({ status: "committed", committedAt: new Date() }).where(eq(ingests.id, c.ingestId)).run();
      tx.update(runs).set({ lmmsEvalVersion: parsed.lmmsEvalVersion, resultsPath: c.resultsFile }).where(eq(runs.id, c.runId)).run();
    },
    { behavior: "immediate" },
  );
}

/** Sample ids of runs' committed ingests, for queries that must see only complete data. */
export function committedIngestId(db: DB, runId: number): number | null {
  return db.select({ id: runResults.ingestId }).from(runResults).where(eq(runResults.runId, runId)).get()?.id ?? null;
}
