import fs from "node:fs";
import path from "node:path";
import { and, eq, lt } from "drizzle-orm";
import type { DB } from "@/db/client";
import { maskSecretsInJsonText } from "@/lib/lmms-eval/secret-values";
import { ingests, runCategories, runMetrics, runResults, runs, runTasks } from "@/db/schema";
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
/** For lines JSON.parse read as is: they cannot hold NaN/Infinity, so no deep copy is needed. */
const plainJson = (value: unknown): string | null => (value === undefined || value === null ? null : JSON.stringify(value));

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

/**
 * Worker start: staged rows of launched runs a crashed worker left. Imports are the web process's (it purges its own
 * at start, purgeInterruptedImports): however long one takes, the worker never deletes its rows from under it.
 */
export function purgeStaleIngests(db: DB, now = Date.now()): number {
  const stale = db
    .select({ id: ingests.id })
    .from(ingests)
    .innerJoin(runs, eq(runs.id, ingests.runId))
    .where(and(eq(ingests.status, "staging"), lt(ingests.startedAt, new Date(now - STALE_STAGING_MS)), eq(runs.importing, false)))
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
 * the previous ingest, if any, stays). The caller then builds the search index (`buildSearchIndex` in search-index.ts), which need not
 * delay the run being shown as finished. `failAfterSamples` exists for the atomicity test only.
 */
export async function ingestRunFiles(
  db: DB,
  opts: { runId: number; files: LocatedRunFiles; failAfterSamples?: number },
): Promise<IngestOutcome> {
  const { runId, files } = opts;
  // lmms-eval redacts model_args in its results but not gen_kwargs, and other tools redact nothing: no credential is stored.
  const rawJson = maskSecretsInJsonText(await fs.promises.readFile(files.resultsPath, "utf8"));
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
  // Positional parameters: binding 19 named ones costs ~40 % of the insert time on a 200k-sample run.
  const insertSample = client.prepare(
    `insert into samples (ingest_id, run_id, task, doc_id, target, response, filtered_resps, resps, scores, primary_metric,
       primary_score, correct, category, input, input_media, token_counts, input_tokens, output_tokens, failure)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  /** One samples row, in the column order of `insertSample`. */
  type Row = [
    ingestId: number,
    runId: number,
    task: string,
    docId: number,
    target: string | null,
    response: string,
    filteredResps: string | null,
    resps: string | null,
    scores: string,
    primaryMetric: string | null,
    primaryScore: number | null,
    correct: 0 | 1 | null,
    category: string | null,
    input: string | null,
    inputMedia: string | null,
    tokenCounts: string | null,
    inputTokens: number | null,
    outputTokens: number | null,
    failure: string | null,
  ];
  const writeBatch = client.transaction((rows: Row[]) => {
    for (const row of rows) insertSample.run(...row);
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
      const store = s.hasNonFinite ? json : plainJson;
      batch.push([
        ingestId,
        runId,
        file.task,
        s.docId,
        s.target,
        s.responseText,
        store(s.filteredResps),
        store(s.resps),
        store(s.scores) ?? "{}",
        s.primaryMetric,
        s.primaryScore,
        s.correct === null ? null : s.correct ? 1 : 0,
        s.category,
        s.input,
        s.inputMedia.length ? JSON.stringify(s.inputMedia) : null,
        store(s.tokenCounts),
        s.inputTokens,
        s.outputTokens,
        s.failure,
      ]);
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
  const categories = db.$client
    .prepare(
      `select task, category, count(*) n, avg(primary_score) meanScore, sum(correct = 1) correct
       from samples where ingest_id = ? and category is not null group by task, category`,
    )
    .all(c.ingestId) as Array<{ task: string; category: string; n: number; meanScore: number | null; correct: number }>;
  const correctness = new Map(
    (
      db.$client
        .prepare("select task, sum(correct = 1) correct, sum(correct = 0) incorrect from samples where ingest_id = ? group by task")
        .all(c.ingestId) as Array<{ task: string; correct: number; incorrect: number }>
    ).map((r) => [r.task, r]),
  );
  db.transaction(
    (tx) => {
      tx.update(ingests).set({ status: "superseded" }).where(and(eq(ingests.runId, c.runId), eq(ingests.status, "committed"))).run();
      tx.delete(runMetrics).where(eq(runMetrics.runId, c.runId)).run();
      tx.delete(runTasks).where(eq(runTasks.runId, c.runId)).run();
      tx.delete(runCategories).where(eq(runCategories.runId, c.runId)).run();
      for (const cat of categories) tx.insert(runCategories).values({ runId: c.runId, ...cat }).run();
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
            correctCount: correctness.get(t.name)?.correct ?? 0,
            incorrectCount: correctness.get(t.name)?.incorrect ?? 0,
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

/** The run's committed ingest: queries must see only complete data. */
export function committedIngest(db: DB, runId: number): { id: number; searchIndexed: boolean } | null {
  return (
    db
      .select({ id: ingests.id, searchIndexed: ingests.searchIndexed })
      .from(runResults)
      .innerJoin(ingests, eq(ingests.id, runResults.ingestId))
      .where(eq(runResults.runId, runId))
      .get() ?? null
  );
}
