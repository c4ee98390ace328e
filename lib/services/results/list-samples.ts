import { z } from "zod";
import type { DB } from "@/db/client";
import type { ServiceContext } from "@/lib/auth/actor";
import { COMMENT_LABELS } from "@/lib/comments-view/rules";
import { JsonObject } from "@/lib/services/dto-fields";
import { ConflictError, InvalidInputError, NotFoundError } from "@/lib/services/errors";
import { loadVisibleRun } from "@/lib/services/runs/get-run";
import { parseInput } from "@/lib/services/validate";
import { and, asc, eq } from "drizzle-orm";
import { runCategories, runTasks } from "@/db/schema";
import { committedIngest } from "./ingest-run-files";
import { partitionMatch, searchPartitionsOf, searchWords, type SearchPartitionSpan } from "./search-index";

export const SampleFilter = z.object({
  task: z.string().trim().min(1, { error: "task is required" }),
  correct: z.enum(["true", "false", "any"], { error: "correct must be true, false or any" }).default("any"),
  failed: z.enum(["true", "false", "any"], { error: "failed must be true, false or any" }).default("any"),
  q: z.string().trim().max(500).optional(),
  docId: z.coerce.number().int().min(0).optional(),
  category: z.string().trim().max(200).optional(),
  /** Samples someone labelled in a comment (e.g. "label error"): the samples browser's label filter. */
  label: z.enum(COMMENT_LABELS, { error: `label must be one of ${COMMENT_LABELS.join(", ")}` }).optional(),
  cursor: z.coerce.number().int().min(-1).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
export type SampleFilter = z.input<typeof SampleFilter>;

export const SampleDto = z.strictObject({
  task: z.string(),
  docId: z.number(),
  target: z.string().nullable(),
  response: z.string(),
  filteredResps: z.unknown(),
  resps: z.unknown(),
  scores: JsonObject,
  primaryMetric: z.string().nullable(),
  primaryScore: z.number().nullable(),
  correct: z.boolean().nullable(),
  category: z.string().nullable(),
  input: z.string().nullable(),
  inputMedia: z.array(z.string()),
  tokenCounts: z.unknown(),
  inputTokens: z.number().nullable(),
  outputTokens: z.number().nullable(),
  failure: z.enum(["request_failed", "budget_exceeded"]).nullable(),
});
export type SampleDto = z.infer<typeof SampleDto>;

export const SamplePageDto = z.strictObject({
  items: z.array(SampleDto),
  total: z.number(),
  totalIsLowerBound: z.boolean().describe("true when there are more than `total` matches (complex filters are counted up to 10,000)"),
  nextCursor: z.number().nullable(),
});
export type SamplePageDto = z.infer<typeof SamplePageDto>;

export const CategoryScoreDto = z.strictObject({ category: z.string(), n: z.number(), meanScore: z.number().nullable(), correct: z.number() });
export type CategoryScoreDto = z.infer<typeof CategoryScoreDto>;

type SampleRow = {
  task: string;
  doc_id: number;
  target: string | null;
  response: string;
  filtered_resps: string | null;
  resps: string | null;
  scores: string;
  primary_metric: string | null;
  primary_score: number | null;
  correct: number | null;
  category: string | null;
  input: string | null;
  input_media: string | null;
  token_counts: string | null;
  input_tokens: number | null;
  output_tokens: number | null;
  failure: SampleDto["failure"];
};

const parse = (text: string | null): unknown => (text === null ? null : JSON.parse(text));

export function toSampleDto(r: SampleRow): SampleDto {
  return {
    task: r.task,
    docId: r.doc_id,
    target: r.target,
    response: r.response,
    filteredResps: parse(r.filtered_resps),
    resps: parse(r.resps),
    scores: JSON.parse(r.scores) as Record<string, unknown>,
    primaryMetric: r.primary_metric,
    primaryScore: r.primary_score,
    correct: r.correct === null ? null : r.correct === 1,
    category: r.category,
    input: r.input,
    inputMedia: (parse(r.input_media) as string[] | null) ?? [],
    tokenCounts: parse(r.token_counts),
    inputTokens: r.input_tokens,
    outputTokens: r.output_tokens,
    failure: r.failure,
  };
}

const SAMPLE_COLUMNS = `s.task, s.doc_id, s.target, s.response, s.filtered_resps, s.resps, s.scores, s.primary_metric, s.primary_score,
  s.correct, s.category, s.input, s.input_media, s.token_counts, s.input_tokens, s.output_tokens, s.failure`;

type Clause = { sql: string; params: unknown[] };
type Ingest = { id: number; runId: number; searchIndexed: boolean };
type Filter = z.output<typeof SampleFilter>;

/** Everything but the search text and the start doc: the task's rows, narrowed by the view's filters. */
function filterClause(ingest: Ingest, f: Filter): Clause & { narrowed: boolean } {
  const clauses = ["s.ingest_id = ?", "s.task = ?"];
  const params: unknown[] = [ingest.id, f.task];
  if (f.correct !== "any") {
    clauses.push("s.correct = ?");
    params.push(f.correct === "true" ? 1 : 0);
  }
  if (f.failed === "true") clauses.push("s.failure is not null");
  if (f.failed === "false") clauses.push("s.failure is null");
  if (f.category) {
    clauses.push("s.category = ?");
    params.push(f.category);
  }
  if (f.label) {
    clauses.push(
      "s.doc_id in (select c.sample_doc_id from comments c, json_each(c.labels) l where c.run_id = ? and c.sample_task = s.task and c.deleted_at is null and l.value = ?)",
    );
    params.push(ingest.runId, f.label);
  }
  return { sql: clauses.join(" and "), params, narrowed: clauses.length > 2 };
}

/**
 * What a query reads, in doc order: the whole task when there is no search text; with search text, each partition
 * of the search index in turn (search-index.ts says why), so a page stops at the partition that fills it and a count
 * at COUNT_CAP. Until the index is built, the whole task scanned with LIKE.
 */
const MAX_SEARCH_WORDS = 16;

type Slice = { kind: "task"; like: Clause } | { kind: "partition"; partition: SearchPartitionSpan; words: string[] };

function slicesOf(db: DB, ingest: Ingest, f: Filter): Slice[] {
  if (!f.q) return [{ kind: "task", like: { sql: "", params: [] } }];
  const words = [...new Set(searchWords(f.q))];
  if (!words.length) throw new InvalidInputError("search needs at least one letter or digit", { q: ["Search needs at least one letter or digit"] });
  // Each word is looked up in every partition a search reads: a pasted paragraph would cost hundreds of lookups.
  if (words.length > MAX_SEARCH_WORDS) throw new InvalidInputError(`search with at most ${MAX_SEARCH_WORDS} words`, { q: [`Search with at most ${MAX_SEARCH_WORDS} words`] });
  if (!ingest.searchIndexed) {
    // Until the index is built: every word somewhere in the text. The words hold only letters and digits, so they
    // need no LIKE escaping; LIKE folds ASCII case only, the index folds all.
    const raw = f.q.match(/[\p{L}\p{N}]+/gu) ?? [];
    return [{ kind: "task", like: { sql: raw.map(() => " and (s.input like ? or s.target like ? or s.response like ?)").join(""), params: raw.flatMap((w) => Array(3).fill(`%${w}%`)) } }];
  }
  return searchPartitionsOf(db, ingest.id, f.task).map((partition) => ({ kind: "partition", partition, words }));
}

/** The id of the task's first sample at or after `docId`: where a partition in doc order starts reading its index. */
function firstIdFrom(db: DB, ingest: Ingest, task: string, docId: number): number {
  const row = db.$client.prepare("select id from samples where ingest_id = ? and task = ? and doc_id >= ? order by doc_id limit 1").get(ingest.id, task, docId) as { id: number } | undefined;
  return row?.id ?? Number.MAX_SAFE_INTEGER;
}

/**
 * One partition's matches from doc `from` on, as SQL over the index's rowids. In a partition whose ids follow doc
 * order the index drives the query (rowid order is doc order, and FTS5 reads it lazily: a page or a capped count stops
 * early); otherwise the task's doc index drives it and probes the match set.
 */
function partitionQuery(db: DB, ingest: Ingest, f: Filter, slice: Extract<Slice, { kind: "partition" }>, from: number, match: string, columns: string, where: Clause): Clause {
  const { partition } = slice;
  if (partition.inDocOrder) {
    const fromId = from > partition.firstDocId ? firstIdFrom(db, ingest, f.task, from) : 0;
    return {
      sql: `select ${columns} from samples_fts f cross join samples s on s.id = f.rowid where f.samples_fts match ? and f.rowid >= ? and ${where.sql} and s.doc_id >= ? order by f.rowid`,
      params: [match, fromId, ...where.params, from],
    };
  }
  return {
    sql: `select ${columns} from samples s where ${where.sql} and s.doc_id between ? and ? and s.doc_id >= ? and +s.id in (select rowid from samples_fts where samples_fts match ?) order by s.doc_id`,
    params: [...where.params, partition.firstDocId, partition.lastDocId, from, match],
  };
}

/** Up to `limit` matching rows from doc `from` on, in doc order, reading slices only until the page is full. */
function pageRows(db: DB, ingest: Ingest, f: Filter, slices: Slice[], from: number, limit: number): SampleRow[] {
  const where = filterClause(ingest, f);
  const rows: SampleRow[] = [];
  for (const slice of slices) {
    const want = limit - rows.length;
    if (slice.kind === "task") {
      const sql = `select ${SAMPLE_COLUMNS} from samples s where ${where.sql}${slice.like.sql} and s.doc_id >= ? order by s.doc_id limit ?`;
      rows.push(...(db.$client.prepare(sql).all(...where.params, ...slice.like.params, from, want) as SampleRow[]));
    } else {
      if (slice.partition.lastDocId < from) continue;
      const match = partitionMatch(db, slice.partition.id, slice.words);
      if (match === null) continue;
      const query = partitionQuery(db, ingest, f, slice, from, match, SAMPLE_COLUMNS, where);
      rows.push(...(db.$client.prepare(`${query.sql} limit ?`).all(...query.params, want) as SampleRow[]));
    }
    if (rows.length >= limit) break;
  }
  return rows;
}

/** Counting every match of a complex filter can cost more than the page itself; beyond this we say "10,000+". */
const COUNT_CAP = 10_000;

/**
 * The number of matches: exact and free for the common views (all / correct / incorrect, counted at ingest),
 * otherwise counted up to COUNT_CAP, slice by slice — for a search alone, in the index only.
 */
function countMatches(db: DB, ingest: Ingest, f: Filter, slices: Slice[]): { total: number; totalIsLowerBound: boolean } {
  const where = filterClause(ingest, f);
  const from = f.docId ?? 0;
  if (!f.q && f.failed === "any" && !f.category && !f.label && f.docId === undefined) {
    const counts = db.select().from(runTasks).where(and(eq(runTasks.runId, ingest.runId), eq(runTasks.task, f.task))).get();
    if (counts) {
      const total = f.correct === "true" ? counts.correctCount : f.correct === "false" ? counts.incorrectCount : counts.sampleCount;
      return { total, totalIsLowerBound: false };
    }
  }
  let n = 0;
  for (const slice of slices) {
    let query: Clause;
    if (slice.kind === "task") {
      query = { sql: `select 1 from samples s where ${where.sql}${slice.like.sql} and s.doc_id >= ?`, params: [...where.params, ...slice.like.params, from] };
    } else {
      if (slice.partition.lastDocId < from) continue;
      const match = partitionMatch(db, slice.partition.id, slice.words);
      if (match === null) continue;
      // A search alone: a partition's index entries are exactly its samples, so the index counts without the rows.
      query =
        !where.narrowed && slice.partition.inDocOrder
          ? { sql: "select 1 from samples_fts f where f.samples_fts match ? and f.rowid >= ?", params: [match, from > slice.partition.firstDocId ? firstIdFrom(db, ingest, f.task, from) : 0] }
          : partitionQuery(db, ingest, f, slice, from, match, "1", where);
    }
    n += (db.$client.prepare(`select count(*) n from (${query.sql} limit ?)`).get(...query.params, COUNT_CAP + 1 - n) as { n: number }).n;
    if (n > COUNT_CAP) return { total: COUNT_CAP, totalIsLowerBound: true };
  }
  return { total: n, totalIsLowerBound: false };
}

function requireIngest(db: DB, runId: number): Ingest {
  const ingest = committedIngest(db, runId);
  if (!ingest) throw new NotFoundError(`Samples of run #${runId}`);
  return { ...ingest, runId };
}

/**
 * A page of a run's samples for one task, filtered (correct / wrong / failed request / category / search / from a
 * doc_id), keyset-paginated by doc_id so page N costs the same as page 1 on 100k+ samples.
 */
export function listSamples({ db, ctx, runId, input }: { db: DB; ctx: ServiceContext; runId: unknown; input: unknown }): SamplePageDto {
  const run = loadVisibleRun(db, ctx, runId);
  const f = parseInput(SampleFilter, input);
  const ingest = requireIngest(db, run.id);
  const slices = slicesOf(db, ingest, f);
  const rows = pageRows(db, ingest, f, slices, startDoc(f, f.cursor), f.limit + 1);
  const page = rows.slice(0, f.limit);
  // A first page that holds every match is its own count: a narrow search costs one query, not two.
  const { total, totalIsLowerBound } =
    f.cursor === undefined && rows.length <= f.limit ? { total: rows.length, totalIsLowerBound: false } : countMatches(db, ingest, f, slices);
  return { items: page.map(toSampleDto), total, totalIsLowerBound, nextCursor: rows.length > f.limit ? page[page.length - 1].doc_id : null };
}

/** The first doc a page may show: after the cursor, and not before the view's "from doc". */
const startDoc = (f: Filter, after: number | undefined) => Math.max((after ?? -1) + 1, f.docId ?? 0);

/** Rows per query of a download: each batch is a query of its own, so nothing holds the connection in between. */
const STREAM_BATCH = 1_000;

/**
 * Every sample matching a filter, in doc order, a batch at a time (downloads), never the whole set in memory. The
 * run, filter and ingest are checked before the first batch, so a bad request fails before a download starts; the
 * generator yields to the event loop between batches, so a 30 MB export does not stall other requests. A re-ingest
 * during the download ends it with an error rather than a silently truncated file.
 */
export async function* streamSamples({ db, ctx, runId, input }: { db: DB; ctx: ServiceContext; runId: unknown; input: unknown }): AsyncGenerator<SampleDto[]> {
  const run = loadVisibleRun(db, ctx, runId);
  const f = parseInput(SampleFilter, input);
  const ingest = requireIngest(db, run.id);
  const slices = slicesOf(db, ingest, f);
  for (let after = f.cursor; ; ) {
    if (committedIngest(db, run.id)?.id !== ingest.id) throw new ConflictError(`Run #${run.id} was re-imported during the download; download it again`);
    const rows = pageRows(db, ingest, f, slices, startDoc(f, after), STREAM_BATCH);
    if (rows.length) yield rows.map(toSampleDto);
    if (rows.length < STREAM_BATCH) return;
    after = rows[rows.length - 1].doc_id;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

export function getSample({ db, ctx, runId, task, docId }: { db: DB; ctx: ServiceContext; runId: unknown; task: string; docId: number }): SampleDto {
  const run = loadVisibleRun(db, ctx, runId);
  const ingest = committedIngest(db, run.id);
  const row = ingest === null ? undefined : (db.$client.prepare(`select ${SAMPLE_COLUMNS} from samples s where s.ingest_id = ? and s.task = ? and s.doc_id = ?`).get(ingest.id, task, docId) as SampleRow | undefined);
  if (!row) throw new NotFoundError(`Sample ${task}/${docId} of run #${run.id}`);
  return toSampleDto(row);
}

/** Per-category score where samples carry a category (MME-style dict scores): mean primary score, counts (from ingest). */
export function categoryBreakdown({ db, ctx, runId, task }: { db: DB; ctx: ServiceContext; runId: unknown; task: string }): CategoryScoreDto[] {
  const run = loadVisibleRun(db, ctx, runId);
  return db
    .select({ category: runCategories.category, n: runCategories.n, meanScore: runCategories.meanScore, correct: runCategories.correct })
    .from(runCategories)
    .where(and(eq(runCategories.runId, run.id), eq(runCategories.task, task)))
    .orderBy(asc(runCategories.category))
    .all();
}
